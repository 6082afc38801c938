// Registration with live validation, and the users it created.
#include "livediff/views/form.h"
#include "livediff/views/view.h"

#include "apps.h"

namespace demo {
namespace {

using namespace livediff;

struct Register : View {
  std::shared_ptr<Stores> stores;
  Form form{"user"};
  explicit Register(std::shared_ptr<Stores> s) : stores(std::move(s)) {}

  void validate(const Params& params) {
    form = Form(params, "user");
    std::string_view name = form.value("name"), email = form.value("email"),
                     password = form.value("password");
    if (name.empty()) form.add_error("name", "can't be blank");
    if (email.find('@') == std::string_view::npos)
      form.add_error("email", "must have the @ sign and no spaces");
    if (email.find(' ') != std::string_view::npos)
      form.add_error("email", "must have the @ sign and no spaces");
    if (password.size() < 8) form.add_error("password", "should be at least 8 characters");
    std::lock_guard lock(stores->mu);
    for (const Stores::user& u : stores->users) {
      if (u.email == email) form.add_error("email", "has already been taken");
    }
  }
  void handle_event(std::string_view event, const Params& params, Socket& socket) override {
    if (event == "validate") {
      validate(params);
    } else if (event == "save") {
      validate(params);
      form.mark_submitted();
      if (!form.valid()) return;
      {
        std::lock_guard lock(stores->mu);
        stores->users.push_back(
            {std::string(form.value("name")), std::string(form.value("email"))});
      }
      socket.put_flash(
          "info", "Welcome, " + std::string(form.value("name")) + "! Your account was created.");
      socket.push_navigate("/users");
    } else {
      View::handle_event(event, params, socket);
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<section><h1>Register</h1><form id=\"register\" phx-change=\"validate\" "
        "phx-submit=\"save\">",
        "", "", "<button type=\"submit\" id=\"save\">Create account</button></form></section>"};
    static const Statics field{
        "<div class=\"field\"><label", ">", "</label><input", "", "", "", ">", "</div>"};
    static const Statics error{"<p class=\"error\"", ">", "</p>"};
    NodeRef root = ctx.root(page);
    auto input = [&](std::size_t slot, std::string_view name, std::string_view label,
                     std::string_view type) {
      NodeRef f = root.node(slot, field);
      f.attr(0, "for", form.input_id(name))
          .text(1, label)
          .attr(2, "type", type)
          .attr(3, "name", form.input_name(name))
          .attr(4, "id", form.input_id(name));
      // The password is never sent back to the browser.
      if (type == "password") {
        f.html(5, "");
      } else {
        f.attr(5, "value", form.value(name));
      }
      ComprehensionRef errors = f.comprehension(6, error);
      for (std::string_view e : form.errors(name)) {
        errors.entry().attr(0, "data-error-for", name).text(1, e);
      }
    };
    input(0, "name", "Name", "text");
    input(1, "email", "Email", "email");
    input(2, "password", "Password", "password");
  }
};

struct Users : View {
  std::shared_ptr<Stores> stores;
  explicit Users(std::shared_ptr<Stores> s) : stores(std::move(s)) {}
  void render(RenderContext& ctx) override {
    static const Statics page{"<section><p class=\"flash\" id=\"flash\"", ">",
                              "</p><h1>Users</h1><ul id=\"users\">",
                              "</ul><p><a href=\"/register\">Register another</a></p></section>"};
    static const Statics item{"<li>", " &lt;", "&gt;</li>"};
    NodeRef root = ctx.root(page);
    std::string_view flash = ctx.flash("info");
    root.html(0, flash.empty() ? " hidden" : "").text(1, flash);
    ComprehensionRef list = root.comprehension(2, item);
    std::lock_guard lock(stores->mu);
    for (const Stores::user& u : stores->users)
      list.entry(u.email).text(0, u.name).text(1, u.email);
  }
};

}  // namespace

std::unique_ptr<View> make_register(std::shared_ptr<Stores> stores) {
  return std::make_unique<Register>(std::move(stores));
}
std::unique_ptr<View> make_users(std::shared_ptr<Stores> stores) {
  return std::make_unique<Users>(std::move(stores));
}

}  // namespace demo
