#include "livediff/views/url.h"

#include <boost/url/encode.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "livediff/core/utf8.h"

namespace livediff {
namespace {

namespace urls = boost::urls;

// What may stay as it is in the path and query of a URL: everything RFC 3986 allows there, and
// '%', whose escapes Boost.URL checks when it parses.
constexpr urls::grammar::lut_chars kPathAndQueryChars = urls::pchars + '/' + '?' + '%' + '#';

// The path and query of `text` with the characters that browsers send unescaped (the WHATWG
// URL standard leaves `[ ] { } | ^ \` and backtick alone in a query) percent-encoded, so that an
// RFC 3986 parser takes them. Boost.URL's encode() would escape '%' too, which must stay.
std::string escape_lenient(std::string_view text) {
  std::size_t start = 0;
  if (std::size_t scheme = text.find("://"); scheme != std::string_view::npos) {
    std::size_t path = text.find_first_of("/?#", scheme + 3);
    start = path == std::string_view::npos ? text.size() : path;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out(text.substr(0, start));
  for (char c : text.substr(start)) {
    if (kPathAndQueryChars(c)) {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

absl::StatusOr<Url> from_view(const urls::url_view& u) {
  // What a client joins with is an absolute URL with a host, or a path: `http:x` is neither.
  if (u.has_scheme() && !u.has_authority()) {
    return absl::InvalidArgumentError("not a URL: no host after the scheme");
  }
  // Boost.URL 1.81 reads `http://h:80x` as port 80 and the path "x"; RFC 3986 allows only an
  // empty path or one starting with '/' after a host.
  if (u.has_authority() && !u.encoded_path().empty() && !u.encoded_path().starts_with('/')) {
    return absl::InvalidArgumentError("not a URL: a path after the host starts with '/'");
  }
  Url out;
  out.path = std::string(u.encoded_path());
  if (out.path.empty()) out.path = "/";
  for (auto seg : u.encoded_segments()) {
    std::string decoded = seg.decode();
    if (!is_valid_utf8(decoded)) {
      return absl::InvalidArgumentError("a path segment of the URL is not UTF-8");
    }
    out.segments.push_back(std::move(decoded));
  }
  if (u.has_query()) out.query = std::string(u.encoded_query());
  return out;
}

}  // namespace

absl::StatusOr<Url> parse_url(std::string_view text) {
  const urls::string_view s(text.data(), text.size());
  auto parsed = text.starts_with('/') ? urls::parse_origin_form(s) : urls::parse_uri(s);
  if (!parsed) {
    const std::string escaped = escape_lenient(text);
    auto retried =
        text.starts_with('/') ? urls::parse_origin_form(escaped) : urls::parse_uri(escaped);
    if (!retried) return absl::InvalidArgumentError("not a URL: " + retried.error().message());
    return from_view(*retried);
  }
  return from_view(*parsed);
}

absl::Status decode_form(std::string_view data, Params& out) {
  // Parsed as the query of a relative reference: Boost.URL 1.81's parse_query measures its
  // input with strlen, reading past the end of a buffer that is not NUL-terminated.
  const std::string query = "?" + std::string(data);
  auto ref = urls::parse_relative_ref(query);
  if (!ref) return absl::InvalidArgumentError("malformed form data: " + ref.error().message());
  if (ref->has_fragment()) return absl::InvalidArgumentError("malformed form data: a raw '#'");
  const urls::params_encoded_view fields = ref->encoded_params();
  if (fields.size() > kMaxFormFields) {
    return absl::ResourceExhaustedError("more than " + std::to_string(kMaxFormFields)
                                        + " form fields");
  }
  urls::encoding_opts plus;
  plus.space_as_plus = true;
  Params decoded;
  for (auto field : fields) {
    if (field.key.empty() && !field.has_value) continue;  // `a=1&&b=2`
    std::string key = field.key.decode(plus);
    std::string value = field.has_value ? field.value.decode(plus) : std::string();
    if (!is_valid_utf8(key) || !is_valid_utf8(value)) {
      return absl::InvalidArgumentError("a form field is not UTF-8");
    }
    decoded.insert_or_assign(std::move(key), std::move(value));
  }
  for (auto& [k, v] : decoded) out.insert_or_assign(k, std::move(v));
  return absl::OkStatus();
}

absl::StatusOr<Params> decode_form(std::string_view data) {
  Params out;
  if (absl::Status s = decode_form(data, out); !s.ok()) return s;
  return out;
}

std::string encode_form(const Params& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += urls::encode(urls::string_view(k.data(), k.size()), urls::unreserved_chars);
    out += '=';
    out += urls::encode(urls::string_view(v.data(), v.size()), urls::unreserved_chars);
  }
  return out;
}

}  // namespace livediff
