// Function components (attributes, defaults, slots, the inner block) and live components through
// the component_registry interface.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "livediff/core/diff.h"
#include "livediff/core/html.h"
#include "livediff/render/component.h"

#include "components.heex.h"
#include "js_client.h"
#include "round_trip.h"

namespace livediff {
namespace {

using testing::JsClient;
using testing::RoundTrip;

template <class T>
struct client {
  typename T::assigns a;
  Rendered r;
  Differ differ;
  DiffState state;

  std::string render(component_registry* components = nullptr) {
    T::render(r, a, components);
    std::string diff(differ.diff(r, state));
    a.clear_changes();
    return diff;
  }
};

TEST(FunctionComponent, RendersAttributesDefaultsAndSlots) {
  client<templates::page> c;
  c.a.set_kinds({"danger", "info"});
  EXPECT_EQ(
      c.render(),
      "{\"0\":{\"0\":\"Hello\",\"1\":{\"0\":\"0\",\"s\":0,\"r\":1},\"2\":{\"0\":{\"0\":{\"0\":\" "
      "class=\\\"btn btn-primary\\\"\",\"1\":\"\",\"2\":\"Save\",\"3\":{\"s\":1},\"s\":2,\"r\":1},"
      "\"s\":3},\"s\":4,\"r\":1},\"s\":5,\"r\":1},\"1\":{\"0\":\"Plain\",\"1\":{\"s\":6},\"2\":"
      "\"\",\"s\":5,\"r\":1},\"2\":{\"k\":{\"0\":{\"0\":{\"0\":\" class=\\\"btn "
      "btn-danger\\\"\",\"1\":\"\",\"2\":\"danger\",\"3\":\"\",\"s\":2,\"r\":1}},\"1\":{\"0\":{"
      "\"0\":\" class=\\\"btn btn-info\\\"\",\"1\":\"\",\"2\":\"info\",\"3\":\"\",\"s\":2,\"r\":"
      "1}},\"kc\":2},\"s\":3},\"s\":7,\"p\":{\"0\":[\"<p>Count: \",\"</p>\"],\"1\":[\"!\"],\"2\":"
      "[\"<button\",\"\",\">\",\"\",\"</button>\"],\"3\":[\"\",\"\"],\"4\":[\"<footer>\","
      "\"</footer>\"],\"5\":[\"<div class=\\\"card\\\"><h2>\",\"</h2><div "
      "class=\\\"body\\\">\",\"</div>\",\"</div>\"],\"6\":[\"x\"],\"7\":[\"<main>\",\"\",\"\","
      "\"</main>\"]}}");
  std::string html;
  ASSERT_TRUE(render_html(c.r, html).ok());
  EXPECT_EQ(html,
            "<main><div class=\"card\"><h2>Hello</h2><div class=\"body\"><p>Count: "
            "0</p></div><footer><button class=\"btn btn-primary\">Save!</button></footer></div>"
            "<div class=\"card\"><h2>Plain</h2><div class=\"body\">x</div></div><button "
            "class=\"btn btn-danger\">danger</button><button class=\"btn "
            "btn-info\">info</button></main>");
}

TEST(FunctionComponent, TracksChangesThroughAttributesAndSlots) {
  client<templates::page> c;
  c.a.set_kinds({"danger"});
  (void)c.render();
  // Read only in the card's inner block: the card keeps its title, the slot sends the count.
  c.a.set_count(5);
  EXPECT_EQ(c.render(), "{\"0\":{\"1\":{\"0\":\"5\"}}}");
  // Read by a component inside a named slot inside a component.
  c.a.set_saving(true);
  EXPECT_EQ(c.render(), "{\"0\":{\"2\":{\"0\":{\"0\":{\"1\":\" disabled\"}}}}}");
  // An attribute.
  c.a.set_title("New");
  EXPECT_EQ(c.render(), "{\"0\":{\"0\":\"New\"}}");
  // Components in a :for.
  c.a.mutable_kinds().push_back("x");
  EXPECT_EQ(c.render(),
            "{\"2\":{\"k\":{\"1\":{\"0\":{\"0\":\" class=\\\"btn btn-x\\\"\",\"1\":\"\",\"2\":"
            "\"x\",\"3\":\"\",\"s\":0,\"r\":1}},\"kc\":2}},\"p\":{\"0\":[\"<button\",\"\",\">\","
            "\"\",\"</button>\"]}}");
  EXPECT_EQ(c.render(), "{}");
}

TEST(FunctionComponent, RendersStandaloneWithDefaults) {
  Rendered r;
  templates::button::render(r, {.label = "Go <now>"});
  std::string html;
  ASSERT_TRUE(render_html(r, html).ok());
  EXPECT_EQ(html, "<button class=\"btn btn-primary\">Go &lt;now&gt;</button>");
  EXPECT_EQ(templates::button::disabled_bit, std::uint64_t{1} << 2);
  EXPECT_EQ(templates::button::inner_block_bit, std::uint64_t{1} << 3);
}

// A registry as the views layer would keep one: live components by id, each with its own
// tracked assigns, rendered into the same Rendered as the page when their tag is evaluated.
class clock_registry : public component_registry {
 public:
  struct clock {
    std::int32_t cid = 0;
    templates::clock::assigns a;
  };

  std::int32_t cid_for(std::string_view module, std::string_view id,
                       std::span<const component_attr> attrs) override {
    EXPECT_EQ(module, "clock");
    calls.emplace_back(id);
    auto [it, inserted] = clocks_.try_emplace(std::string(id));
    clock& c = it->second;
    if (inserted) c.cid = next_cid_++;
    for (const component_attr& attr : attrs) {
      // A quoted value arrives as a string_view, an expression with its own type.
      if (attr.name == "zone") {
        if (const auto* literal = attr.get<std::string_view>()) {
          if (c.a.zone() != *literal) c.a.set_zone(std::string(*literal));
        } else if (const auto* value = attr.get<std::string>()) {
          if (c.a.zone() != *value) c.a.set_zone(*value);
        } else {
          ADD_FAILURE() << "zone of an unexpected type";
        }
      } else if (attr.name == "big") {
        EXPECT_NE(attr.get<bool>(), nullptr);
        EXPECT_EQ(attr.get<std::string>(), nullptr);
      }
    }
    render(c);
    return c.cid;
  }

  // Renders one component into the page being built: tracked, or everything for the oracle.
  void render(clock& c) {
    if (oracle) {
      templates::clock::assigns full = c.a;
      full.mark_all_changed();
      templates::clock::render_component(*out, c.cid, full);
    } else {
      templates::clock::render_component(*out, c.cid, c.a);
    }
  }
  void set_time(const std::string& id, std::string time) {
    clocks_.at(id).a.set_time(std::move(time));
  }
  std::int32_t cid(const std::string& id) const { return clocks_.at(id).cid; }
  void sent() {
    for (auto& [id, c] : clocks_) c.a.clear_changes();
  }
  void render_one(const std::string& id) { render(clocks_.at(id)); }

  Rendered* out = nullptr;
  bool oracle = false;
  std::vector<std::string> calls;

 private:
  std::map<std::string, clock> clocks_;
  std::int32_t next_cid_ = 1;
};

TEST(LiveComponent, RendersComponentReferencesWithCidsFromTheRegistry) {
  clock_registry registry;
  client<templates::dashboard> c;
  registry.out = &c.r;
  c.a.set_zones({"Paris", "Tokyo"});
  EXPECT_EQ(c.render(&registry),
            "{\"0\":{\"0\":1,\"s\":0},\"1\":{\"k\":{\"0\":{\"0\":2},\"1\":{\"0\":3},\"kc\":2},"
            "\"s\":1},\"s\":2,\"p\":{\"0\":[\"\",\"\"],\"1\":[\"<li>\",\"</li>\"],\"2\":[\"<div>\","
            "\"<ul>\",\"</ul></div>\"]},\"c\":{\"1\":{\"0\":\"UTC\",\"1\":\"12:00\",\"s\":[\"<span "
            "class=\\\"clock\\\">\",\" \",\"</span>\"],\"r\":1},\"2\":{\"0\":\"Paris\",\"1\":"
            "\"12:00\",\"s\":[\"<span class=\\\"clock\\\">\",\" \",\"</span>\"],\"r\":1},\"3\":{"
            "\"0\":\"Tokyo\",\"1\":\"12:00\",\"s\":[\"<span class=\\\"clock\\\">\",\" "
            "\",\"</span>\"],\"r\":1}}}");
  EXPECT_EQ(registry.calls, (std::vector<std::string>{"main", "Paris", "Tokyo"}));
  registry.sent();

  // Tags whose inputs did not change are not evaluated: no cid_for, nothing sent.
  registry.calls.clear();
  c.a.set_show_main(false);
  EXPECT_EQ(c.render(&registry), "{\"0\":\"\"}");
  EXPECT_TRUE(registry.calls.empty());

  // A component changes on its own: the views layer renders it beside an unchanged page.
  registry.set_time("Tokyo", "21:00");
  templates::dashboard::render(c.r, c.a, &registry);
  registry.render_one("Tokyo");
  EXPECT_EQ(c.differ.diff(c.r, c.state), "{\"c\":{\"3\":{\"1\":\"21:00\"}}}");
}

// An id built by an expression is a temporary: the registry must get its text, not what is
// left of it once the statement that made it ended (AddressSanitizer reports the latter).
TEST(LiveComponent, IdsOfAnyExpressionReachTheRegistry) {
  clock_registry registry;
  client<templates::numbered> c;
  registry.out = &c.r;
  c.a.set_numbers({0, 1, 12});
  c.render(&registry);
  EXPECT_EQ(registry.calls, (std::vector<std::string>{"row-0", "row-1", "row-12"}));
  EXPECT_NE(registry.cid("row-0"), registry.cid("row-1"));
}

TEST(LiveComponent, RealClientShowsComponents) {
  auto js = JsClient::start();
  ASSERT_TRUE(js.ok()) << js.status();
  RoundTrip rt(js->get());
  clock_registry registry;
  templates::dashboard::assigns a;
  Rendered sent, oracle;
  auto step = [&]() -> ::testing::AssertionResult {
    templates::dashboard::assigns full = a;
    full.mark_all_changed();
    registry.out = &oracle;
    registry.oracle = true;
    templates::dashboard::render(oracle, full, &registry);
    registry.out = &sent;
    registry.oracle = false;
    templates::dashboard::render(sent, a, &registry);
    auto result = rt.step(sent, oracle);
    a.clear_changes();
    registry.sent();
    return result;
  };
  a.set_zones({"Paris", "Tokyo"});
  ASSERT_TRUE(step());
  a.mutable_zones().push_back("Lima");
  ASSERT_TRUE(step());
  a.set_show_main(false);
  ASSERT_TRUE(step());
  a.mutable_zones().erase(a.mutable_zones().begin());
  a.set_show_main(true);
  ASSERT_TRUE(step());
  EXPECT_NE(rt.last_html().find("Lima 12:00"), std::string::npos) << rt.last_html();
}

}  // namespace
}  // namespace livediff
