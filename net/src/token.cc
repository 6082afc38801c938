#include "livediff/net/token.h"

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace livediff::net {
namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}  // namespace

std::string base64url_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    std::uint32_t v = static_cast<unsigned char>(data[i]) << 16
                      | static_cast<unsigned char>(data[i + 1]) << 8
                      | static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == data.size()) {
    std::uint32_t v = static_cast<unsigned char>(data[i]) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
  } else if (i + 2 == data.size()) {
    std::uint32_t v =
        static_cast<unsigned char>(data[i]) << 16 | static_cast<unsigned char>(data[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

absl::StatusOr<std::string> base64url_decode(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  };
  if (text.size() % 4 == 1) return absl::InvalidArgumentError("bad base64url length");
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) return absl::InvalidArgumentError("bad base64url character");
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_token(std::size_t n) {
  std::string bytes(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("no random bytes");
  }
  return base64url_encode(bytes);
}

TokenSigner::TokenSigner(std::string secret) : secret_(std::move(secret)) {}

std::string TokenSigner::mac(std::string_view data) const {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(out), len));
}

std::string TokenSigner::sign(std::string_view payload,
                              std::chrono::system_clock::time_point now) const {
  const auto issued =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  std::string body = base64url_encode(std::to_string(issued) + "|" + std::string(payload));
  std::string token = body + "." + mac(body);
  return token;
}

absl::StatusOr<std::string> TokenSigner::verify(std::string_view token,
                                                std::chrono::seconds max_age,
                                                std::chrono::system_clock::time_point now) const {
  std::size_t dot = token.rfind('.');
  if (dot == std::string_view::npos) return absl::UnauthenticatedError("malformed token");
  std::string_view body = token.substr(0, dot);
  if (!constant_time_equal(mac(body), token.substr(dot + 1))) {
    return absl::UnauthenticatedError("bad token signature");
  }
  absl::StatusOr<std::string> decoded = base64url_decode(body);
  if (!decoded.ok()) return absl::UnauthenticatedError("malformed token");
  std::size_t bar = decoded->find('|');
  if (bar == std::string::npos) return absl::UnauthenticatedError("malformed token");
  std::int64_t issued = 0;
  try {
    issued = std::stoll(decoded->substr(0, bar));
  } catch (...) {
    return absl::UnauthenticatedError("malformed token");
  }
  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (now_s - issued > max_age.count() || issued - now_s > 60) {
    return absl::DeadlineExceededError("token expired");
  }
  return decoded->substr(bar + 1);
}

}  // namespace livediff::net
