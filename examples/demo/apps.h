// The demo's example apps, each a live view mounted on the router by add_examples().
#ifndef LIVEDIFF_EXAMPLES_DEMO_APPS_H
#define LIVEDIFF_EXAMPLES_DEMO_APPS_H

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "livediff/net/router.h"
#include "livediff/views/view.h"

namespace demo {

/// State shared by every connected browser (the examples keep it in memory).
struct Stores {
  struct user {
    std::string name, email;
  };
  struct todo {
    std::int64_t id;
    std::string title;
    bool done = false;
  };
  std::mutex mu;
  std::vector<user> users;
  std::vector<todo> todos;
  std::int64_t next_todo = 1;
  std::int64_t newest_post = 1'000'000;  ///< the feed's newest post id; grows while it runs
};

/// Registers every example route on `router`.
void add_examples(livediff::net::Router& router, std::shared_ptr<Stores> stores);

// One factory per example, for tests that mount them in process.
std::unique_ptr<livediff::View> make_index();
std::unique_ptr<livediff::View> make_counter();
std::unique_ptr<livediff::View> make_search();
std::unique_ptr<livediff::View> make_register(std::shared_ptr<Stores> stores);
std::unique_ptr<livediff::View> make_users(std::shared_ptr<Stores> stores);
std::unique_ptr<livediff::View> make_posts();
std::unique_ptr<livediff::View> make_post();
std::unique_ptr<livediff::View> make_todos(std::shared_ptr<Stores> stores);
std::unique_ptr<livediff::View> make_chat();
std::unique_ptr<livediff::View> make_feed(std::shared_ptr<Stores> stores);
std::unique_ptr<livediff::View> make_logs();
std::unique_ptr<livediff::View> make_table();
std::unique_ptr<livediff::View> make_dashboard();

/// The page around every example: stylesheet, client bundle and a navigation bar.
std::string layout(const livediff::net::Page& page);

}  // namespace demo

#endif  // LIVEDIFF_EXAMPLES_DEMO_APPS_H
