#include "js_client.h"

#include <string>
#include <utility>

#include <absl/strings/str_join.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace livediff::testing {
namespace {

using detail::cat;
using detail::json_string;

constexpr std::string_view kRunner = "client runner";

absl::Status reject_newlines(std::string_view json, std::string_view what) {
  return detail::reject_newlines(json, what, kRunner);
}

absl::Status unexpected_reply(std::string_view line) {
  return detail::unexpected_reply(kRunner, line);
}

// Parses a reply line into `reply`, an object. {"error": message} is InvalidArgumentError, as
// the command failed in the client; anything unreadable is InternalError.
absl::Status parse_reply(const std::string& line, rapidjson::Document& reply) {
  reply.Parse(line.data(), line.size());
  if (reply.HasParseError() || !reply.IsObject()) return unexpected_reply(line);
  if (reply.HasMember("error")) {
    const rapidjson::Value& error = reply["error"];
    if (!error.IsString()) return unexpected_reply(line);
    return absl::InvalidArgumentError(std::string(error.GetString(), error.GetStringLength()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<JsClient>> JsClient::start(std::string bundle_path) {
  absl::StatusOr<NodeProcess> process =
      NodeProcess::start(std::string(kRunner), std::move(bundle_path), "livediff_js_client");
  if (!process.ok()) return process.status();
  return std::unique_ptr<JsClient>(new JsClient(std::move(*process)));
}

JsClient::JsClient(JsClient&& other) noexcept = default;

JsClient& JsClient::operator=(JsClient&& other) noexcept {
  if (this != &other) {
    process_ = std::move(other.process_);
    last_client_html_ = std::move(other.last_client_html_);
    last_streams_json_ = std::move(other.last_streams_json_);
  }
  return *this;
}

JsClient::~JsClient() = default;

absl::StatusOr<std::string> JsClient::join(std::string_view rendered_json,
                                           std::string_view view_id) {
  if (absl::Status s = reject_newlines(rendered_json, "rendered JSON"); !s.ok()) return s;
  return render_command(
      cat(R"({"cmd":"join","view":)", json_string(view_id), R"(,"rendered":)", rendered_json, "}"));
}

absl::StatusOr<std::string> JsClient::diff(std::string_view diff_json) {
  if (absl::Status s = reject_newlines(diff_json, "diff JSON"); !s.ok()) return s;
  return render_command(cat(R"({"cmd":"diff","diff":)", diff_json, "}"));
}

absl::Status JsClient::prune(std::span<const int> cids) {
  absl::StatusOr<std::string> line =
      process_.round_trip(cat(R"({"cmd":"prune","cids":[)", absl::StrJoin(cids, ","), "]}"));
  if (!line.ok()) return line.status();
  rapidjson::Document reply;
  if (absl::Status parsed = parse_reply(*line, reply); !parsed.ok()) {
    if (absl::IsInternal(parsed)) process_.mark_broken();
    return parsed;
  }
  if (!reply.HasMember("ok")) {
    process_.mark_broken();
    return unexpected_reply(*line);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> JsClient::render_command(std::string_view command) {
  absl::StatusOr<std::string> line = process_.round_trip(command);
  if (!line.ok()) return line.status();
  rapidjson::Document reply;
  if (absl::Status parsed = parse_reply(*line, reply); !parsed.ok()) {
    if (absl::IsInternal(parsed)) process_.mark_broken();
    return parsed;
  }
  if (!reply.HasMember("html") || !reply["html"].IsString() || !reply.HasMember("client_html")
      || !reply["client_html"].IsString() || !reply.HasMember("streams")
      || !reply["streams"].IsArray()) {
    process_.mark_broken();
    return unexpected_reply(*line);
  }
  const rapidjson::Value& client_html = reply["client_html"];
  last_client_html_.assign(client_html.GetString(), client_html.GetStringLength());
  rapidjson::StringBuffer streams;
  rapidjson::Writer<rapidjson::StringBuffer> writer(streams);
  reply["streams"].Accept(writer);
  last_streams_json_.assign(streams.GetString(), streams.GetSize());
  const rapidjson::Value& html = reply["html"];
  return std::string(html.GetString(), html.GetStringLength());
}

}  // namespace livediff::testing
