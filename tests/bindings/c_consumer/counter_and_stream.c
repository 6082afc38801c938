/* Renders the counter and a feed stream through the installed C library and prints each diff,
 * one per line, for comparison with the same renders made through the C++ API
 * (../twin/counter_and_stream.cc). Built with only livediff/livediff.h and liblivediff_c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <livediff/livediff.h>

static void check(livediff_status s, const char* what) {
  if (s != LIVEDIFF_OK) {
    fprintf(stderr, "%s: %s: %s\n", what, livediff_status_name(s), livediff_last_error());
    exit(1);
  }
}

static livediff_str str(const char* s) {
  livediff_str out;
  out.data = s;
  out.size = strlen(s);
  return out;
}

static livediff_statics* statics(const char* const* parts, size_t n) {
  livediff_str views[8];
  livediff_statics* out = NULL;
  size_t i;
  for (i = 0; i < n; ++i) views[i] = str(parts[i]);
  check(livediff_statics_new(views, n, &out), "statics");
  return out;
}

static void print_diff(livediff_differ* differ, livediff_rendered* tree, livediff_state* state,
                       const char* extra) {
  const char* diff = NULL;
  size_t size = 0;
  check(livediff_differ_diff(differ, tree, state, extra, strlen(extra), &diff, &size), "diff");
  printf("%.*s\n", (int)size, diff);
}

static const char* const kCounter[] = {
    "<div class=\"counter\">\n  <h1>Counter</h1>\n  <p>The current count is: <span "
    "class=\"value\">",
    "</span></p>\n  <button phx-click=\"inc\">+</button>\n  <button "
    "phx-click=\"dec\">-</button>\n</div>"};
static const char* const kFeed[] = {"<div id=\"feed\" phx-update=\"stream\" class=\"feed\">",
                                    "</div>"};
static const char* const kItem[] = {"<article", " class=\"item\"><header><span class=\"author\">",
                                    "</span> <time>", "</time></header><p>", "</p></article>"};

static void render_counter(livediff_rendered* tree, livediff_statics* page, int64_t count) {
  livediff_node root = 0;
  check(livediff_rendered_root(tree, page, &root), "root");
  check(livediff_node_set_int(tree, root, 0, count), "count");
}

/* Items one by one: id attribute, author, time, body. */
static void insert_item(livediff_rendered* tree, livediff_list list, int id, int32_t at,
                        int32_t limit, uint32_t flags) {
  char dom_id[32], author[32], body[64];
  livediff_node item = 0;
  sprintf(dom_id, "items-%d", id);
  sprintf(author, "user%d", (id * 37) % 1000);
  sprintf(body, "Post number %d <about> \"things\"", id);
  check(livediff_list_stream_insert(tree, list, dom_id, strlen(dom_id), at, limit, flags, &item),
        "insert");
  check(livediff_node_set_attr(tree, item, 0, "id", 2, dom_id, strlen(dom_id)), "id");
  check(livediff_node_set_text(tree, item, 1, author, strlen(author)), "author");
  check(livediff_node_set_int(tree, item, 2, 1700000000 + id), "time");
  check(livediff_node_set_text(tree, item, 3, body, strlen(body)), "body");
}

static livediff_list feed_root(livediff_rendered* tree, livediff_statics* feed,
                               livediff_statics* item) {
  livediff_node root = 0;
  livediff_list list = 0;
  check(livediff_rendered_root(tree, feed, &root), "root");
  check(livediff_node_add_list(tree, root, 0, item, &list), "list");
  check(livediff_list_set_stream(tree, list, "items", 5), "stream");
  return list;
}

int main(void) {
  livediff_differ* differ = NULL;
  livediff_rendered* tree = NULL;
  livediff_state* state = NULL;
  livediff_statics* counter = statics(kCounter, 2);
  livediff_statics* feed = statics(kFeed, 2);
  livediff_statics* item = statics(kItem, 5);
  livediff_fields* fields = NULL;
  livediff_field layout[4];
  livediff_list list;
  int i;

  if (livediff_abi_version() != LIVEDIFF_ABI_VERSION) {
    fprintf(stderr, "built for ABI %d, loaded %u\n", LIVEDIFF_ABI_VERSION,
            (unsigned)livediff_abi_version());
    return 1;
  }
  check(livediff_differ_new(&differ), "differ");
  check(livediff_rendered_new(&tree), "tree");
  check(livediff_state_new(&state), "state");

  /* The counter: the join, then +, +, - and a title. */
  render_counter(tree, counter, 0);
  print_diff(differ, tree, state, "");
  render_counter(tree, counter, 1);
  print_diff(differ, tree, state, "");
  render_counter(tree, counter, 2);
  print_diff(differ, tree, state, "");
  render_counter(tree, counter, 1);
  print_diff(differ, tree, state, "\"t\":\"Count: 1\"");
  render_counter(tree, counter, 1);
  print_diff(differ, tree, state, "");

  /* A stream on a fresh client: three items appended one by one, then a page of three
   * prepended in one call with a limit, a delete, an update in place and a reset. */
  livediff_state_clear(state);
  list = feed_root(tree, feed, item);
  for (i = 1; i <= 3; ++i) insert_item(tree, list, i, -1, 0, 0);
  print_diff(differ, tree, state, "");

  layout[0].slot = 0;
  layout[0].kind = LIVEDIFF_FIELD_ATTR;
  layout[0].name = str("id");
  layout[1].slot = 1;
  layout[1].kind = LIVEDIFF_FIELD_TEXT;
  layout[1].name = str("");
  layout[2].slot = 2;
  layout[2].kind = LIVEDIFF_FIELD_TEXT;
  layout[2].name = str("");
  layout[3].slot = 3;
  layout[3].kind = LIVEDIFF_FIELD_TEXT;
  layout[3].name = str("");
  check(livediff_fields_new(layout, 4, &fields), "fields");
  list = feed_root(tree, feed, item);
  {
    static const char ids[] = "items-6\0items-5\0items-4";
    static const char values[] =
        "items-6\0user222\0" "1700000006\0Post number 6 <about> \"things\"\0"
        "items-5\0user185\0" "1700000005\0Post number 5 <about> \"things\"\0"
        "items-4\0user148\0" "1700000004\0Post number 4 <about> \"things\"";
    check(livediff_list_stream_insert_many(tree, list, fields, 3, ids, sizeof ids - 1, 0, 4,
                                           LIVEDIFF_INSERT_LIMIT, values, sizeof values - 1,
                                           NULL),
          "insert_many");
  }
  print_diff(differ, tree, state, "");

  list = feed_root(tree, feed, item);
  check(livediff_list_stream_delete(tree, list, "items-2", 7), "delete");
  insert_item(tree, list, 5, -1, 0, LIVEDIFF_INSERT_UPDATE_ONLY);
  print_diff(differ, tree, state, "");

  list = feed_root(tree, feed, item);
  check(livediff_list_stream_reset(tree, list), "reset");
  insert_item(tree, list, 7, -1, 0, 0);
  insert_item(tree, list, 8, 0, -2, LIVEDIFF_INSERT_LIMIT);
  print_diff(differ, tree, state, "");

  list = feed_root(tree, feed, item);
  print_diff(differ, tree, state, "");

  livediff_fields_free(fields);
  livediff_statics_free(item);
  livediff_statics_free(feed);
  livediff_statics_free(counter);
  livediff_state_free(state);
  livediff_rendered_free(tree);
  livediff_differ_free(differ);
  return 0;
}
