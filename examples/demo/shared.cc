// Todos and chat: streams shared by every connected browser through PubSub.
#include <chrono>

#include "livediff/streams/stream.h"
#include "livediff/views/view.h"

#include "apps.h"

namespace demo {
namespace {

using namespace livediff;
using todo = Stores::todo;

constexpr const char* kTodosTopic = "todos";

// One todo item: toggle, inline edit and delete, with its own editing state.
struct TodoItem : LiveComponent {
  std::shared_ptr<Stores> stores;
  todo item;
  bool editing = false;

  void update(const todo& t, std::shared_ptr<Stores> s, Socket&) {
    item = t;
    stores = std::move(s);
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "edit") {
      editing = true;
      return;
    }
    if (event == "cancel") {
      editing = false;
      return;
    }
    std::optional<todo> changed;
    bool deleted = false;
    {
      std::lock_guard lock(stores->mu);
      auto it = std::find_if(stores->todos.begin(), stores->todos.end(),
                             [&](const todo& t) { return t.id == item.id; });
      if (it == stores->todos.end()) return;
      if (event == "toggle") {
        it->done = !it->done;
        changed = *it;
      } else if (event == "save") {
        std::string title(param(value, "title").value_or(""));
        if (title.empty()) return;
        it->title = title;
        changed = *it;
        editing = false;
      } else if (event == "delete") {
        stores->todos.erase(it);
        deleted = true;
      }
    }
    if (changed) {
      item = *changed;
      socket.broadcast(kTodosTopic, "updated", *changed);
    } else if (deleted) {
      socket.broadcast(kTodosTopic, "deleted", item);
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics row{"<div class=\"todo\"", ">", "</div>"};
    static const Statics view_mode{"<input type=\"checkbox\" phx-click=\"toggle\"",
                                   "",
                                   "",
                                   "><span class=\"title\"",
                                   ">",
                                   "</span>"
                                   "<button phx-click=\"edit\"",
                                   " class=\"edit\">edit</button><button phx-click=\"delete\"",
                                   " class=\"delete\">delete</button>"};
    static const Statics edit_mode{"<form phx-submit=\"save\"",
                                   " class=\"edit-form\"><input name=\"title\"",
                                   "><button type=\"submit\">save</button>"
                                   "<button type=\"button\" phx-click=\"cancel\"",
                                   ">cancel</button></form>"};
    const std::string target = std::to_string(ctx.myself());
    NodeRef root = ctx.root(row);
    root.attr(0, "id", "todo-" + std::to_string(item.id));
    if (editing) {
      root.node(1, edit_mode)
          .attr(0, "phx-target", target)
          .attr(1, "value", item.title)
          .attr(2, "phx-target", target);
    } else {
      root.node(1, view_mode)
          .attr(0, "phx-target", target)
          .html(1, item.done ? " checked" : "")
          .attr(2, "id", "toggle-" + std::to_string(item.id))
          .html(3, item.done ? " style=\"text-decoration: line-through\"" : "")
          .text(4, item.title)
          .attr(5, "phx-target", target)
          .attr(6, "phx-target", target);
    }
  }
};

struct Todos : View {
  std::shared_ptr<Stores> stores;
  Stream<todo> todos{"todos", [](const todo& t) { return "todos-" + std::to_string(t.id); }};
  explicit Todos(std::shared_ptr<Stores> s) : stores(std::move(s)) {}

  void mount(const Params&, const Params&, Socket& socket) override {
    if (socket.connected()) socket.subscribe(kTodosTopic);
    std::lock_guard lock(stores->mu);
    todos.insert_all(stores->todos);
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event != "add") return View::handle_event(event, value, socket);
    std::string title(param(value, "title").value_or(""));
    if (title.empty()) return;
    todo t;
    {
      std::lock_guard lock(stores->mu);
      t = {stores->next_todo++, title, false};
      stores->todos.push_back(t);
    }
    socket.broadcast(kTodosTopic, "added", t);
  }
  void handle_info(const Message& m, Socket&) override {
    const todo* t = m.get<todo>();
    if (t == nullptr) return;
    if (m.event == "deleted") {
      todos.remove(*t);
    } else {
      todos.insert(*t);  // added: appended; updated: replaced in place
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<section><h1>Todos</h1><form phx-submit=\"add\" id=\"add-todo\"><input name=\"title\" "
        "id=\"new-title\" "
        "placeholder=\"What needs doing?\" autocomplete=\"off\"><button "
        "type=\"submit\">add</button></form>"
        "<div id=\"todos\" phx-update=\"stream\">",
        "</div></section>"};
    static const Statics entry{"<div", ">", "</div>"};
    todos.render(ctx.root(page), 0, entry, [&](NodeRef e, const todo& t, std::string_view dom_id) {
      e.attr(0, "id", dom_id);
      ctx.live_component<TodoItem>(e, 1, "todo-" + std::to_string(t.id), t, stores);
    });
  }
};

struct chat_message {
  std::int64_t id;
  std::string author, text;
};

struct Chat : View {
  std::string room;
  std::string author;  // this browser's name, kept in the form across messages
  Stream<chat_message> messages{
      "messages", [](const chat_message& m) { return "msg-" + std::to_string(m.id); }};

  void mount(const Params& params, const Params&, Socket& socket) override {
    room = std::string(param(params, "room").value_or("lobby"));
    if (socket.connected()) socket.subscribe("chat:" + room);
    socket.set_page_title("#" + room);
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event != "send") return View::handle_event(event, value, socket);
    std::string text(param(value, "text").value_or(""));
    author = std::string(param(value, "author").value_or(""));
    if (text.empty()) return;
    static std::atomic<std::int64_t> next{1};
    chat_message m{next++, author.empty() ? std::string("anonymous") : author, text};
    socket.broadcast("chat:" + room, "message", m);
  }
  void handle_info(const Message& m, Socket&) override {
    if (const chat_message* msg = m.get<chat_message>())
      messages.insert(*msg, {.at = -1, .limit = -200});
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<section><h1>Chat: #", "</h1><div id=\"messages\" phx-update=\"stream\">",
        "</div><form phx-submit=\"send\" id=\"chat-form\"><input name=\"author\" id=\"author\" "
        "placeholder=\"name\"",
        "><input name=\"text\" id=\"text\" placeholder=\"message\" autocomplete=\"off\" value=\"\">"
        "<button type=\"submit\">send</button></form></section>"};
    static const Statics line{"<p class=\"message\"", "><b>", "</b>: ", "</p>"};
    NodeRef root = ctx.root(page);
    root.text(0, room);
    messages.render(root, 1, line, [](NodeRef e, const chat_message& m, std::string_view dom_id) {
      e.attr(0, "id", dom_id).text(1, m.author).text(2, m.text);
    });
    root.attr(2, "value", author);
  }
};

}  // namespace

std::unique_ptr<View> make_todos(std::shared_ptr<Stores> stores) {
  return std::make_unique<Todos>(std::move(stores));
}
std::unique_ptr<View> make_chat() {
  return std::make_unique<Chat>();
}

}  // namespace demo
