// The reference workloads of the LiveView comparison (counter, 1k keyed table, feed), shared by
// tests and benchmarks so both measure exactly what the golden payloads describe.
#ifndef LIVEDIFF_TESTS_SUPPORT_WORKLOADS_H
#define LIVEDIFF_TESTS_SUPPORT_WORKLOADS_H

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "livediff/core/rendered.h"
#include "livediff/core/statics.h"

namespace livediff::workloads {

inline constexpr std::string_view kAdjectives[] = {
    "pretty",      "large",   "big",       "small", "tall",      "short",    "long",
    "handsome",    "plain",   "quaint",    "clean", "elegant",   "easy",     "angry",
    "crazy",       "helpful", "mushy",     "odd",   "unsightly", "adorable", "important",
    "inexpensive", "cheap",   "expensive", "fancy"};
inline constexpr std::string_view kColours[] = {"red",   "yellow", "blue",   "green",
                                                "pink",  "brown",  "purple", "brown",
                                                "white", "black",  "orange"};
inline constexpr std::string_view kNouns[] = {"table", "chair", "house",   "bbq",      "desk",
                                              "car",   "pony",  "cookie",  "sandwich", "burger",
                                              "pizza", "mouse", "keyboard"};

struct row {
  std::int64_t id;
  std::string label;
  std::int64_t f1;
  std::string f2;
  double f3;
};

inline row make_row(std::int64_t id) {
  row r;
  r.id = id;
  r.label = std::string(kAdjectives[(id * 7) % 25]) + " " + std::string(kColours[(id * 13) % 11])
            + " " + std::string(kNouns[(id * 17) % 13]);
  r.f1 = (id * 7919) % 100000;
  r.f2 = "f2-" + std::to_string((id * 31) % 997);
  r.f3 = static_cast<double>((id * 104729) % 1000) / 10.0;
  return r;
}

inline std::vector<row> make_rows(std::int64_t first_id, std::int64_t count) {
  std::vector<row> rows;
  rows.reserve(static_cast<std::size_t>(count));
  for (std::int64_t id = first_id; id < first_id + count; ++id) rows.push_back(make_row(id));
  return rows;
}

inline const Statics& counter_statics() {
  static const Statics s{
      "<div class=\"counter\">\n  <h1>Counter</h1>\n  <p>The current count is: <span "
      "class=\"value\">",
      "</span></p>\n  <button phx-click=\"inc\">+</button>\n  <button "
      "phx-click=\"dec\">-</button>\n</div>"};
  return s;
}

inline void render_counter_into(NodeRef root, std::int64_t count) {
  root.text(0, count);
}

inline void render_counter(Rendered& out, std::int64_t count) {
  render_counter_into(out.root(counter_statics()), count);
}

inline const Statics& table_statics() {
  static const Statics s{
      "<table class=\"table table-hover table-striped test-data\"><tbody id=\"tbody\">",
      "</tbody></table>"};
  return s;
}

inline const Statics& row_statics() {
  static const Statics s{
      "<tr><td class=\"col-md-1\">",
      "</td><td class=\"col-md-4\"><a phx-click=\"select\"",
      ">",
      "</a></td><td>",
      "</td><td>",
      "</td><td>",
      "</td><td class=\"col-md-1\"><a phx-click=\"remove\"",
      "><span class=\"remove glyphicon glyphicon-remove\" aria-hidden=\"true\"></span></a></td>"
      "<td class=\"col-md-6\"></td></tr>"};
  return s;
}

/// Dynamics in the order LiveView numbers them: id, phx-value-id, label, f1, f2, f3, phx-value-id.
inline void render_row(NodeRef entry, const row& r) {
  entry.text(0, r.id)
      .attr(1, "phx-value-id", r.id)
      .text(2, r.label)
      .text(3, r.f1)
      .text(4, r.f2)
      .text(5, r.f3)
      .attr(6, "phx-value-id", r.id);
}

inline void render_table(Rendered& out, const std::vector<row>& rows) {
  ComprehensionRef list = out.root(table_statics()).comprehension(0, row_statics());
  for (const row& r : rows) render_row(list.entry(r.id), r);
}

/// The table operations of the reference workloads, each from a fresh 1,000-row state;
/// "initial" (no operation) is the first render.
struct table_operation {
  const char* name;
  void (*apply)(std::vector<row>&);
};

inline const std::vector<table_operation>& table_operations() {
  static const std::vector<table_operation> ops = {
      {"initial", nullptr},
      {"update_every_10th",
       [](std::vector<row>& rows) {
         for (std::size_t i = 0; i < rows.size(); i += 10) rows[i].label += " !!!";
       }},
      {"swap_1_998", [](std::vector<row>& rows) { std::swap(rows[1], rows[998]); }},
      {"remove_one", [](std::vector<row>& rows) { rows.erase(rows.begin() + 499); }},
      {"append_1000",
       [](std::vector<row>& rows) {
         auto more = make_rows(1001, 1000);
         rows.insert(rows.end(), more.begin(), more.end());
       }},
      {"replace_all", [](std::vector<row>& rows) { rows = make_rows(1001, 1000); }},
      {"clear", [](std::vector<row>& rows) { rows.clear(); }},
  };
  return ops;
}

struct feed_item {
  std::int64_t id;
  std::string author;
  std::string body;
  std::int64_t ts;
};

inline feed_item make_feed_item(std::int64_t id) {
  return {id, "user" + std::to_string((id * 37) % 1000),
          "Post number " + std::to_string(id) + " about " + std::string(kNouns[(id * 17) % 13]),
          1700000000 + id};
}

inline const Statics& feed_statics() {
  static const Statics s{"<div id=\"feed\" phx-update=\"stream\" class=\"feed\">", "</div>"};
  return s;
}

inline const Statics& feed_item_statics() {
  static const Statics s{"<article",
                         " class=\"item\"><header><span class=\"author\">",
                         "</span> <time>",
                         "</time></header><p>",
                         "</p><button phx-click=\"like\"",
                         ">like</button></article>"};
  return s;
}

inline std::string feed_dom_id(std::int64_t id) {
  return "items-" + std::to_string(id);
}

/// One item of the feed stream, dynamics in LiveView's order: id attr, author, ts, body, value.
inline void render_feed_item(NodeRef entry, const feed_item& item, std::string_view dom_id) {
  entry.attr(0, "id", dom_id)
      .text(1, item.author)
      .text(2, item.ts)
      .text(3, item.body)
      .attr(4, "phx-value-id", item.id);
}

}  // namespace livediff::workloads

#endif  // LIVEDIFF_TESTS_SUPPORT_WORKLOADS_H
