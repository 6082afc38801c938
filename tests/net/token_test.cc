#include "livediff/net/token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/testing/status_matchers.h"

namespace livediff::net {
namespace {

using livediff::testing::IsOk;
using livediff::testing::StatusIs;
using std::chrono::hours;
using std::chrono::seconds;

TEST(Base64Url, RoundTripsEveryLengthWithoutPadding) {
  std::string data;
  for (int i = 0; i < 70; ++i) {
    const std::string text = base64url_encode(data);
    EXPECT_EQ(text.find_first_of("+/="), std::string::npos) << text;
    EXPECT_EQ(*base64url_decode(text), data);
    data += static_cast<char>(i * 37);
  }
  EXPECT_FALSE(base64url_decode("a*b").ok());
  EXPECT_FALSE(base64url_decode("a").ok());
}

TEST(TokenSigner, VerifiesWhatItSigned) {
  TokenSigner signer(std::string(32, 's'));
  const std::string token = signer.sign(R"({"v":"counter"})");
  absl::StatusOr<std::string> payload = signer.verify(token, hours(1));
  ASSERT_THAT(payload.status(), IsOk());
  EXPECT_EQ(*payload, R"({"v":"counter"})");
}

TEST(TokenSigner, RefusesTamperedForeignAndMalformedTokens) {
  TokenSigner signer(std::string(32, 's')), other(std::string(32, 'o'));
  const std::string token = signer.sign("payload");
  std::string tampered = token;
  tampered[2] = tampered[2] == 'A' ? 'B' : 'A';
  for (const std::string& bad : {tampered, other.sign("payload"), std::string("no-dot"),
                                 std::string("."), token + "x", std::string()}) {
    EXPECT_THAT(signer.verify(bad, hours(1)).status(), StatusIs(absl::StatusCode::kUnauthenticated))
        << bad;
  }
}

TEST(TokenSigner, RefusesExpiredAndFutureTokens) {
  TokenSigner signer(std::string(32, 's'));
  const auto now = std::chrono::system_clock::now();
  EXPECT_THAT(signer.verify(signer.sign("p", now - hours(2)), hours(1), now).status(),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(signer.verify(signer.sign("p", now + hours(1)), hours(1), now).status(),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(signer.verify(signer.sign("p", now - seconds(10)), hours(1), now).status(), IsOk());
}

// A valid MAC over a body that is not `time|payload` (only the key holder can make one) is
// still refused as malformed, not trusted.
TEST(TokenSigner, RefusesSignedBodiesOfTheWrongShape) {
  TokenSigner signer(std::string(32, 's'));
  for (std::string_view body : {"no bar", "x|payload", "|payload", "99999999999999999999|p"}) {
    const std::string encoded = base64url_encode(body);
    EXPECT_THAT(signer.verify(encoded + "." + signer.mac(encoded), hours(1)).status(),
                StatusIs(absl::StatusCode::kUnauthenticated))
        << body;
  }
}

TEST(ConstantTimeEqual, ComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_NE(random_token(), random_token());
  EXPECT_EQ(random_token(18).size(), 24u);
}

}  // namespace
}  // namespace livediff::net
