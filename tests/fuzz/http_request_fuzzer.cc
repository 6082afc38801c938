// Raw HTTP requests through Beast's parser (with the server's limits) and the page controller:
// any request gets an answer, 5xx only from the view that throws on purpose, and every page is
// UTF-8.
#include <cstddef>
#include <cstdint>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "livediff/core/utf8.h"

#include "fuzz_check.h"
#include "page_controller.h"

namespace {

using namespace livediff;

struct Show : View {
  std::string id;
  void mount(const Params& params, const Params&, Socket& socket) override {
    if (auto v = param(params, "id")) id = *v;
    if (id == "away") socket.redirect("/show/elsewhere");
  }
  void render(RenderContext& ctx) override {
    static const Statics s{"<p>", "</p>"};
    ctx.root(s).text(0, id);
  }
};

net::detail::ServerState& state() {
  static net::detail::ServerState* s = [] {
    net::ServerConfig config;
    config.secret_key = std::string(32, 'h');
    config.log = [](std::string_view) {};
    net::Router router;
    router.live("/show/:id", "show", [] { return std::make_unique<Show>(); });
    router.get("/files/*path", [](const net::HttpRequest& r) {
      return net::HttpResponse{200, "text/plain", r.params.at("path"), {}};
    });
    return new net::detail::ServerState(std::move(config), std::move(router));
  }();
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace http = boost::beast::http;
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_done()) return 0;
  const auto& req = parser.get();
  auto field = [&](http::field f) {
    auto v = req[f];
    return std::string_view(v.data(), v.size());
  };
  net::detail::PageController controller(state());
  net::HttpResponse res =
      controller.handle({std::string_view(req.method_string().data(), req.method_string().size()),
                         std::string_view(req.target().data(), req.target().size()),
                         field(http::field::cookie), req.body()});
  FUZZ_CHECK(res.status >= 200 && res.status < 500);
  if (res.content_type.starts_with("text/html")) FUZZ_CHECK(is_valid_utf8(res.body));
  (void)controller.check_upgrade(std::string_view(req.target().data(), req.target().size()),
                                 field(http::field::origin), field(http::field::host),
                                 field(http::field::cookie));
  return 0;
}
