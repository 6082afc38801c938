#include "livediff/views/wire.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/testing/status_matchers.h"

namespace livediff::wire {
namespace {

using livediff::testing::IsOk;
using livediff::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseFrame, ReadsAJoin) {
  absl::StatusOr<Frame> f = parse_frame(
      R"(["4","4","lv:phx-1","phx_join",{"url":"http://h/c?x=1","params":{"_csrf_token":"t",)"
      R"("_mounts":0,"_track_static":["a"]},"session":"S","static":"","flash":{"info":"hi","n":1}}])");
  ASSERT_THAT(f.status(), IsOk());
  EXPECT_EQ(f->join_ref, "4");
  EXPECT_EQ(f->topic, "lv:phx-1");
  const auto& join = std::get<JoinPayload>(f->payload);
  EXPECT_EQ(join.url, "http://h/c?x=1");
  EXPECT_FALSE(join.navigation);
  EXPECT_EQ(join.session, "S");
  EXPECT_EQ(join.params.at("_csrf_token"), "t");
  EXPECT_EQ(join.params.at("_mounts"), "0");
  EXPECT_EQ(join.params.at("_track_static"), R"(["a"])");
  EXPECT_EQ(join.flash, (Params{{"info", "hi"}}));  // only strings are a flash
}

TEST(ParseFrame, ReadsEventsOfEveryKind) {
  auto event = [](std::string_view payload) {
    absl::StatusOr<Frame> f =
        parse_frame(std::string(R"(["1","2","lv:v","event",)") + std::string(payload) + "]");
    EXPECT_THAT(f.status(), IsOk());
    EXPECT_THAT(f->payload_status, IsOk());
    return std::get<EventPayload>(f->payload);
  };
  EventPayload click = event(R"({"type":"click","event":"inc","value":{"id":"7","n":3,"on":true,)"
                             R"("none":null,"deep":{"a":[1]}},"cid":2})");
  EXPECT_EQ(click.event, "inc");
  EXPECT_EQ(click.cid, 2);
  EXPECT_EQ(
      click.value,
      (Params{{"deep", R"({"a":[1]})"}, {"id", "7"}, {"n", "3"}, {"none", ""}, {"on", "true"}}));
  EventPayload form = event(R"({"type":"form","event":"save","value":"a=1&b=x+y",)"
                            R"("meta":{"_target":"b"}})");
  EXPECT_EQ(form.value, (Params{{"_target", "b"}, {"a", "1"}, {"b", "x y"}}));
  EventPayload hook = event(R"({"type":"hook","event":"moved","value":[1,"two"]})");
  EXPECT_EQ(hook.value_json, R"([1,"two"])");
  EXPECT_EQ(hook.value.at("value"), R"([1,"two"])");
}

TEST(ParseFrame, ReadsPatchesCidsAndBareEvents) {
  auto f = parse_frame(R"(["1","2","lv:v","live_patch",{"url":"http://h/p?s=1"}])");
  EXPECT_EQ(std::get<LivePatchPayload>(f->payload).url, "http://h/p?s=1");
  f = parse_frame(R"(["1","2","lv:v","cids_destroyed",{"cids":[1,2]}])");
  EXPECT_THAT(std::get<CidsPayload>(f->payload).cids, ElementsAre(1, 2));
  EXPECT_TRUE(std::get<CidsPayload>(f->payload).destroyed);
  f = parse_frame(R"([null,"9","phoenix","heartbeat",{}])");
  EXPECT_TRUE(f->join_ref.empty());
  EXPECT_TRUE(std::holds_alternative<std::monostate>(f->payload));
}

TEST(ParseFrame, RefusesBadEnvelopesWithoutAReply) {
  for (std::string_view bad : {"{not json", "[1,2,3]", R"([1,"2","t","e",{}])",
                               R"(["1","2",null,"e",{}])", R"(["1",)", "", "\"x\""}) {
    EXPECT_THAT(parse_frame(bad).status(), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
}

TEST(ParseFrame, ABadPayloadKeepsTheRefToReplyTo) {
  for (std::string_view payload :
       {R"("not an object")", R"({"type":"click"})", R"({"type":"form","event":"e","value":"%FF"})",
        R"({"type":"click","event":"e","cid":-1})", R"({"cids":["x"]})"}) {
    const std::string event =
        payload.find("cids") != std::string_view::npos ? "cids_destroyed" : "event";
    auto f = parse_frame(R"(["1","7","lv:v",")" + event + "\"," + std::string(payload) + "]");
    ASSERT_THAT(f.status(), IsOk()) << payload;
    EXPECT_EQ(f->ref, "7");
    EXPECT_FALSE(f->payload_status.ok()) << payload;
  }
  absl::StatusOr<Frame> trailing = parse_frame(R"(["1","8","lv:v","event",{}] trailing)");
  ASSERT_THAT(trailing.status(), IsOk());
  EXPECT_EQ(trailing->ref, "8");
  EXPECT_FALSE(trailing->payload_status.ok());
}

// 100,000 nested arrays once crashed the server's recursive re-serialisation.
TEST(ParseFrame, RefusesDeepNestingWithoutRecursion) {
  std::string deep = R"(["1","2","lv:v","event",{"type":"hook","event":"e","value":)";
  deep += std::string(100000, '[') + std::string(100000, ']') + "}]";
  absl::StatusOr<Frame> f = parse_frame(deep);
  ASSERT_THAT(f.status(), IsOk());  // the envelope reads: the refusal goes to its ref
  EXPECT_EQ(f->ref, "2");
  EXPECT_THAT(f->payload_status, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(parse_frame(std::string(100000, '[')).status(),
              StatusIs(absl::StatusCode::kResourceExhausted));
  std::string ok = R"(["1","2","lv:v","event",{"type":"hook","event":"e","value":)";
  ok += std::string(kMaxDepth - 3, '[') + std::string(kMaxDepth - 3, ']') + "}]";
  EXPECT_THAT(parse_frame(ok).status(), IsOk());
}

TEST(ParseFrame, RefusesStringsThatAreNotUtf8) {
  EXPECT_THAT(parse_frame("[\"1\",\"2\",\"lv:v\",\"e\xFF\",{}]").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  absl::StatusOr<Frame> f =
      parse_frame(R"(["1","2","lv:v","event",{"type":"click","event":"\udc00"}])");
  ASSERT_THAT(f.status(), IsOk());
  EXPECT_THAT(f->payload_status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      parse_frame(R"(["1","2","lv:v","event",{"type":"click","event":"\ud83d\ude00"}])").status(),
      IsOk());  // a surrogate pair is a character
}

TEST(ParseFrame, RefusesFramesOverTheLimit) {
  std::string big = R"(["1","2","lv:v","event",{"type":"click","event":")";
  big += std::string(kMaxFrameBytes, 'x') + "\"}]";
  EXPECT_THAT(parse_frame(big).status(), StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST(Claims, RoundTripAndRefuseWhatIsNotClaims) {
  Claims c{"counter", "phx-1", {{"user_id", "1\"quoted\""}}, {}};
  absl::StatusOr<Claims> back = parse_claims(write_claims(c));
  ASSERT_THAT(back.status(), IsOk());
  EXPECT_EQ(back->view, "counter");
  EXPECT_EQ(back->session, c.session);
  EXPECT_TRUE(back->parent.empty());
  EXPECT_EQ(parse_claims(write_claims({"kid", "k", {}, "phx-1"}))->parent, "phx-1");
  EXPECT_FALSE(parse_claims(R"({"v":1,"id":"x"})").ok());
  EXPECT_FALSE(parse_claims(R"({"v":"a","id":"x","p":""})").ok());
  EXPECT_FALSE(parse_claims("[]").ok());
}

TEST(Writers, EscapeEverythingTheyAreGiven) {
  EXPECT_EQ(frame("", "5", "phoenix", "phx_reply", "{}"), R"([null,"5","phoenix","phx_reply",{}])");
  EXPECT_EQ(reason("a \"quoted\" reason"), R"({"reason":"a \"quoted\" reason"})");
  EXPECT_EQ(reply_payload(false, reason("x")), R"({"status":"error","response":{"reason":"x"}})");
  EXPECT_EQ(frame("1", "2", "lv:\xFF", "e", "{}"), "[\"1\",\"2\",\"lv:\xEF\xBF\xBD\",\"e\",{}]");
}

TEST(NormalizeJson, WritesValidJsonOrRefuses) {
  EXPECT_EQ(*normalize_json(R"( { "a" : [1, 2.5, "x\u00e9", true, null] } )"),
            "{\"a\":[1,2.5,\"x\xC3\xA9\",true,null]}");
  EXPECT_THAT(normalize_json("{\"a\":").status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(normalize_json(std::string(1000, '[')).status(),
              StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(normalize_json("\"\xC3\"").status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace livediff::wire
