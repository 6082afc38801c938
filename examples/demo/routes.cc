#include "apps.h"

namespace demo {

void add_examples(livediff::net::Router& router, std::shared_ptr<Stores> stores) {
  router.layout(layout)
      .live("/", "index", make_index)
      .live("/counter", "counter", make_counter)
      .live("/search", "search", make_search)
      .live("/register", "register", [stores] { return make_register(stores); })
      .live("/users", "users", [stores] { return make_users(stores); })
      .live("/posts", "posts", make_posts)
      .live("/posts/:id", "post", make_post)
      .live("/todos", "todos", [stores] { return make_todos(stores); })
      .live("/chat/:room", "chat", make_chat)
      .live("/feed", "feed", [stores] { return make_feed(stores); })
      .live("/logs", "logs", make_logs)
      .live("/table", "table", make_table)
      .live("/dashboard", "dashboard", make_dashboard);
}

}  // namespace demo
