#include "livediff/testing/client_model.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "golden.h"
#include "livediff/testing/status_matchers.h"

namespace livediff {
namespace {

using testing::IsOk;
using testing::StatusIs;

using testing::golden;

TEST(ClientModel, MergesLiveViewsOwnCounterPayloads) {
  ClientModel m;
  ASSERT_THAT(m.join(golden("a_counter__initial.json")), IsOk());
  EXPECT_NE(m.html().find("<span class=\"value\">0</span>"), std::string::npos);
  ASSERT_THAT(m.merge(golden("a_counter__inc.json")), IsOk());
  EXPECT_NE(m.html().find("<span class=\"value\">1</span>"), std::string::npos);
}

TEST(ClientModel, KeyedMovesReadTheOldPositions) {
  ClientModel m;
  ASSERT_THAT(m.join(R"({"0":{"k":{"0":{"0":"a"},"1":{"0":"b"},"2":{"0":"c"},"kc":3},"s":0},)"
                     R"("p":{"0":["<i>","</i>"]},"s":["<p>","</p>"]})"),
              IsOk());
  EXPECT_EQ(m.html(), "<p><i>a</i><i>b</i><i>c</i></p>");
  ASSERT_THAT(m.merge(R"({"0":{"k":{"0":2,"1":[0,{"0":"A"}],"2":1,"kc":3,"km":true}}})"), IsOk());
  EXPECT_EQ(m.html(), "<p><i>c</i><i>A</i><i>b</i></p>");
  ASSERT_THAT(m.merge(R"({"0":{"k":{"kc":1}}})"), IsOk());
  EXPECT_EQ(m.html(), "<p><i>c</i></p>");
}

TEST(ClientModel, AMoveWithoutKmIsWhatBreaksTheRealClient) {
  ClientModel m;
  ASSERT_THAT(m.join(R"({"0":{"k":{"0":{"0":"a"},"1":{"0":"b"},"kc":2},"s":["<i>","</i>"]},)"
                     R"("s":["<p>","</p>"]})"),
              IsOk());
  EXPECT_THAT(m.merge(R"({"0":{"k":{"0":1,"1":0,"kc":2}}})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(m.merge("{}"), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(ClientModel, RejectsWhatIsNotAJsonObject) {
  ClientModel m;
  EXPECT_THAT(m.join("[1,2"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(m.join("[1,2]"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(m.join(R"({"0":"x","s":7})"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ClientModel, ComponentsShareStaticsByCid) {
  ClientModel m("v");
  ASSERT_THAT(m.join(R"({"0":1,"1":2,"s":["<main>","","</main>"],)"
                     R"("c":{"1":{"0":"a","s":["<b>","</b>"],"r":1},"2":{"0":"b","s":1}}})"),
              IsOk());
  EXPECT_EQ(m.html(),
            "<main><b data-phx-component=\"1\" data-phx-view=\"v\">a</b>"
            "<b data-phx-component=\"2\" data-phx-view=\"v\">b</b></main>");
  ASSERT_THAT(m.merge(R"({"c":{"3":{"0":"c","s":-2}},"1":3})"), IsOk());
  EXPECT_EQ(m.html(),
            "<main><b data-phx-component=\"1\" data-phx-view=\"v\">a</b>"
            "<b data-phx-component=\"3\" data-phx-view=\"v\">c</b></main>");
}

TEST(ClientModel, StreamsKeepItemsLikeTheDom) {
  ClientModel m;
  ASSERT_THAT(m.join(R"({"0":{"k":{"0":{"0":"1"},"1":{"0":"2"},"kc":2},"s":0,)"
                     R"("stream":["s",[["i-1",-1,null,false],["i-2",-1,null,false]],[]]},)"
                     R"("s":["<ul>","</ul>"],"p":{"0":["<li id=\"i-","\"></li>"]}})"),
              IsOk());
  EXPECT_EQ(m.html(), R"(<ul><li id="i-1"></li><li id="i-2"></li></ul>)");
  ASSERT_THAT(
      m.merge(R"({"0":{"k":{"0":{"0":"3"},"kc":1},"stream":["s",[["i-3",0,2,false]],[]]}})"),
      IsOk());
  EXPECT_EQ(m.html(), R"(<ul><li id="i-3"></li><li id="i-1"></li></ul>)");
  ASSERT_THAT(m.merge(R"({"0":{"k":{"kc":0},"stream":["s",[],["i-1"]]}})"), IsOk());
  EXPECT_EQ(m.html(), R"(<ul><li id="i-3"></li></ul>)");
  ASSERT_THAT(
      m.merge(
          R"({"0":{"k":{"0":{"0":"9"},"kc":1},"stream":["s",[["i-9",-1,null,false]],[],true]}})"),
      IsOk());
  EXPECT_EQ(m.html(), R"(<ul><li id="i-9"></li></ul>)");
}

TEST(ClientModel, TitleAndEventsAreNotPartOfTheTree) {
  ClientModel m;
  ASSERT_THAT(m.join(R"({"0":"x","s":["<p>","</p>"],"t":"Hello","e":[["ev",{}]],"r":1})"), IsOk());
  EXPECT_EQ(m.html(), "<p>x</p>");
  EXPECT_EQ(m.title(), "Hello");
}

}  // namespace
}  // namespace livediff
