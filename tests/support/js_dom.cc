#include "js_dom.h"

#include <string>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace livediff::testing {
namespace {

using detail::cat;
using detail::json_string;

constexpr std::string_view kRunner = "DOM runner";

std::string json_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

absl::Status reject_newlines(std::string_view json, std::string_view what) {
  return detail::reject_newlines(json, what, kRunner);
}

absl::Status unexpected_reply(std::string_view line) {
  return detail::unexpected_reply(kRunner, line);
}

// Whether `reply` has no member `key` or one of the type `is` checks for.
template <typename Check>
bool absent_or(const rapidjson::Value& reply, const char* key, Check is) {
  const auto member = reply.FindMember(key);
  return member == reply.MemberEnd() || is(member->value);
}

bool is_string(const rapidjson::Value& v) {
  return v.IsString();
}

bool is_string_array(const rapidjson::Value& v) {
  if (!v.IsArray()) return false;
  for (const rapidjson::Value& item : v.GetArray()) {
    if (!item.IsString()) return false;
  }
  return true;
}

bool is_frame_array(const rapidjson::Value& v) {
  if (!v.IsArray()) return false;
  for (const rapidjson::Value& frame : v.GetArray()) {
    if (!frame.IsArray() || frame.Size() != 5) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<JsDom>> JsDom::start(std::string bundle_path) {
  absl::StatusOr<NodeProcess> process =
      NodeProcess::start(std::string(kRunner), std::move(bundle_path), "livediff_js_dom");
  if (!process.ok()) return process.status();
  return std::unique_ptr<JsDom>(new JsDom(std::move(*process)));
}

JsDom::JsDom(JsDom&& other) noexcept = default;

JsDom& JsDom::operator=(JsDom&& other) noexcept {
  if (this != &other) {
    process_ = std::move(other.process_);
    last_html_ = std::move(other.last_html_);
    last_raw_html_ = std::move(other.last_raw_html_);
    last_sent_json_ = std::move(other.last_sent_json_);
    last_errors_json_ = std::move(other.last_errors_json_);
    last_warnings_json_ = std::move(other.last_warnings_json_);
  }
  return *this;
}

JsDom::~JsDom() = default;

absl::StatusOr<std::string> JsDom::mount(std::string_view dead_html, std::string_view rendered_json,
                                         std::string_view view_id) {
  if (absl::Status s = reject_newlines(rendered_json, "rendered JSON"); !s.ok()) return s;
  return page_command(cat(R"({"cmd":"mount","view":)", json_string(view_id), R"(,"html":)",
                          json_string(dead_html), R"(,"rendered":)", rendered_json, "}"));
}

absl::StatusOr<std::string> JsDom::diff(std::string_view diff_json) {
  if (absl::Status s = reject_newlines(diff_json, "diff JSON"); !s.ok()) return s;
  return page_command(cat(R"({"cmd":"diff","diff":)", diff_json, "}"));
}

absl::StatusOr<std::string> JsDom::click(std::string_view selector) {
  absl::StatusOr<std::string> html =
      page_command(cat(R"({"cmd":"click","selector":)", json_string(selector), "}"));
  if (!html.ok()) return html.status();
  return last_sent_json_;
}

absl::StatusOr<std::string> JsDom::input(std::string_view selector, std::string_view value) {
  absl::StatusOr<std::string> html =
      page_command(cat(R"({"cmd":"input","selector":)", json_string(selector), R"(,"value":)",
                       json_string(value), "}"));
  if (!html.ok()) return html.status();
  return last_sent_json_;
}

absl::StatusOr<std::string> JsDom::submit(std::string_view selector) {
  absl::StatusOr<std::string> html =
      page_command(cat(R"({"cmd":"submit","selector":)", json_string(selector), "}"));
  if (!html.ok()) return html.status();
  return last_sent_json_;
}

absl::StatusOr<std::string> JsDom::reply(std::string_view ref, std::string_view response_json) {
  if (absl::Status s = reject_newlines(response_json, "response JSON"); !s.ok()) return s;
  return page_command(
      cat(R"({"cmd":"reply","ref":)", json_string(ref), R"(,"response":)", response_json, "}"));
}

absl::StatusOr<std::string> JsDom::page_command(std::string_view command) {
  absl::StatusOr<std::string> line = process_.round_trip(command);
  if (!line.ok()) return line.status();
  rapidjson::Document reply;
  reply.Parse(line->data(), line->size());
  if (reply.HasParseError() || !reply.IsObject() || !absent_or(reply, "error", is_string)
      || !absent_or(reply, "html", is_string) || !absent_or(reply, "raw_html", is_string)
      || !absent_or(reply, "sent", is_frame_array) || !absent_or(reply, "errors", is_string_array)
      || !absent_or(reply, "warnings", is_string_array)) {
    process_.mark_broken();
    return unexpected_reply(*line);
  }
  const bool failed = reply.HasMember("error");
  if (!failed && (!reply.HasMember("html") || !reply.HasMember("sent"))) {
    process_.mark_broken();
    return unexpected_reply(*line);
  }

  // An error reply describes the page too, unless the command never reached it.
  if (reply.HasMember("html")) {
    last_html_.assign(reply["html"].GetString(), reply["html"].GetStringLength());
  }
  if (reply.HasMember("raw_html")) {
    last_raw_html_.assign(reply["raw_html"].GetString(), reply["raw_html"].GetStringLength());
  }
  last_sent_json_ = reply.HasMember("sent") ? json_text(reply["sent"]) : "[]";
  last_errors_json_ = reply.HasMember("errors") ? json_text(reply["errors"]) : "[]";
  last_warnings_json_ = reply.HasMember("warnings") ? json_text(reply["warnings"]) : "[]";

  if (failed) {
    const rapidjson::Value& error = reply["error"];
    return absl::InvalidArgumentError(std::string(error.GetString(), error.GetStringLength()));
  }
  return last_html_;
}

}  // namespace livediff::testing
