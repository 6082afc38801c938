// Signed tokens: HMAC-SHA256 over a payload with an issue time, checked for tampering and age.
#ifndef LIVEDIFF_NET_TOKEN_H
#define LIVEDIFF_NET_TOKEN_H

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>

namespace livediff::net {

/// Signs and verifies tokens of the form `base64url(payload) "." base64url(hmac)`, where the
/// payload carries its issue time. Used for the session token of a dead render and for CSRF.
/// Thread safety: const methods may be called concurrently.
class TokenSigner {
 public:
  /// `secret` should be at least 32 random bytes; it is the server's signing key.
  explicit TokenSigner(std::string secret);

  /// A token over `payload` issued `now`.
  std::string sign(std::string_view payload, std::chrono::system_clock::time_point now =
                                                 std::chrono::system_clock::now()) const;
  /// The payload, if the signature matches and the token is at most `max_age` old:
  /// kUnauthenticated for a forged or malformed token, kDeadlineExceeded for an expired one.
  absl::StatusOr<std::string> verify(
      std::string_view token, std::chrono::seconds max_age,
      std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const;

  /// HMAC-SHA256 of `data`, base64url without padding.
  std::string mac(std::string_view data) const;

 private:
  std::string secret_;
};

std::string base64url_encode(std::string_view data);
absl::StatusOr<std::string> base64url_decode(std::string_view text);
/// Compares in time independent of where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);
/// `n` cryptographically random bytes, base64url.
std::string random_token(std::size_t n = 24);

}  // namespace livediff::net

#endif  // LIVEDIFF_NET_TOKEN_H
