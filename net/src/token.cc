#include "livediff/net/token.h"

#include <stdexcept>

#include <absl/strings/escaping.h>
#include <absl/strings/numbers.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace livediff::net {

std::string base64url_encode(std::string_view data) {
  return absl::WebSafeBase64Escape(absl::string_view(data.data(), data.size()));
}

absl::StatusOr<std::string> base64url_decode(std::string_view text) {
  std::string out;
  if (!absl::WebSafeBase64Unescape(absl::string_view(text.data(), text.size()), &out)) {
    return absl::InvalidArgumentError("not base64url");
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
  if (!absl::SimpleAtoi(absl::string_view(decoded->data(), bar), &issued)) {
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
