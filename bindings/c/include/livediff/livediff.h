/* livediff.h: the livediff diff core behind a stable C ABI (C99), for other servers and
 * language runtimes. Link with -llivediff_c (pkg-config livediff_c, or livediff::c in CMake).
 *
 * A page is rendered into a tree of statics (the fixed HTML of a template) and dynamics (the
 * values between them); a differ compares each render with what one client holds and returns
 * the JSON diff the phoenix_live_view 1.2 client merges (docs/protocol.md).
 *
 *   livediff_statics_new     the N+1 fragments of a template, fingerprinted once
 *   livediff_rendered_*      one render: a root node, nested nodes, lists (keyed, by position
 *                            or streams) and live components, with their dynamics
 *   livediff_differ_diff     the diff of a render against a livediff_state, one per client
 *   livediff_rendered_html   the dead render's HTML
 *   livediff_client_*        a model of the browser client: merges diffs, shows the HTML
 *
 * Errors. Every call that can fail returns a livediff_status; LIVEDIFF_OK is 0. A failed call
 * changes nothing (except where its comment says otherwise) and leaves a message for
 * livediff_last_error() on the calling thread. Null pointers, handles of the wrong type or of an
 * older render, slots out of range, bytes that are not UTF-8 and counts beyond the limits below
 * are reported, never undefined: no exception and no abort crosses this boundary. Double frees
 * and use after free are not detected reliably.
 *
 * Strings are (pointer, length) pairs of UTF-8 without terminator; a pointer may be NULL when
 * its length is 0. Strings returned through (out, out_size) are not NUL-terminated either;
 * livediff_version, livediff_last_error and livediff_status_name return C strings.
 *
 * Threads. livediff_statics and livediff_fields are immutable: use and free them from any
 * thread. Every other object is used by one thread at a time; different objects may be used on
 * different threads at once. The error message is per thread.
 *
 * Lifetimes. A render keeps every statics it uses alive until its next root, so statics may be
 * freed as soon as they are no longer needed for new renders. Node and list handles are plain
 * numbers, valid until the next livediff_rendered_root or livediff_rendered_clear of their tree.
 * Memory returned through `const char** out` belongs to the object it came from and stays valid
 * until that object's next call, as each function says.
 */
#ifndef LIVEDIFF_LIVEDIFF_H
#define LIVEDIFF_LIVEDIFF_H

#include <stddef.h>
#include <stdint.h>

/* The ABI version: the number in the library's SONAME (liblivediff_c.so.0). It changes when a
 * declaration here changes incompatibly; additions keep it. */
#define LIVEDIFF_ABI_VERSION 0

/* Limits, so that a host's bug or a hostile value becomes an error code instead of an
 * exhausted machine. */
#define LIVEDIFF_MAX_PARTS 65536          /* fragments of one statics */
#define LIVEDIFF_MAX_DEPTH 128            /* nesting of nodes, list entries and components */
#define LIVEDIFF_MAX_RENDER_BYTES 1073741824 /* text of one render, escaped: 1 GiB */
#define LIVEDIFF_MAX_NODES 16777216       /* nodes (entries included) of one render */
#define LIVEDIFF_MAX_DYNAMICS 67108864    /* dynamics of one render */

#if defined(__GNUC__) || defined(__clang__)
#  define LIVEDIFF_API __attribute__((visibility("default")))
#else
#  define LIVEDIFF_API
#endif

#ifdef __cplusplus
#  define LIVEDIFF_BEGIN_DECLS extern "C" {
#  define LIVEDIFF_END_DECLS }
#else
#  define LIVEDIFF_BEGIN_DECLS
#  define LIVEDIFF_END_DECLS
#endif

LIVEDIFF_BEGIN_DECLS

/* ---- errors and versions ------------------------------------------------------------------ */

typedef enum livediff_status {
  LIVEDIFF_OK = 0,
  /* A null pointer, an object of another type, bytes that are not UTF-8, malformed JSON or
   * packed values. */
  LIVEDIFF_INVALID_ARGUMENT = 1,
  /* A slot beyond the dynamics of the node's statics, a component id below 1. */
  LIVEDIFF_OUT_OF_RANGE = 2,
  /* A call out of order: a handle of an older render, nothing rendered yet, an unchanged mark
   * or component the client does not hold, a stream operation on a list that is not one. */
  LIVEDIFF_FAILED_PRECONDITION = 3,
  /* Out of memory, or beyond one of the LIVEDIFF_MAX_* limits. */
  LIVEDIFF_RESOURCE_EXHAUSTED = 4,
  /* A bug in livediff. */
  LIVEDIFF_INTERNAL = 5
} livediff_status;

/* LIVEDIFF_ABI_VERSION of the loaded library, for hosts that load it at run time. */
LIVEDIFF_API uint32_t livediff_abi_version(void);
/* The library's version, "major.minor.patch". */
LIVEDIFF_API const char* livediff_version(void);
/* The message of the last failed call on this thread ("" if none); valid until the next failed
 * call on this thread. */
LIVEDIFF_API const char* livediff_last_error(void);
/* "LIVEDIFF_OK", "LIVEDIFF_INVALID_ARGUMENT", ... ("?" for other values). */
LIVEDIFF_API const char* livediff_status_name(livediff_status status);

/* ---- statics ------------------------------------------------------------------------------ */

/* A borrowed UTF-8 string. */
typedef struct livediff_str {
  const char* data;
  size_t size;
} livediff_str;

/* The N+1 HTML fragments around the N dynamics of a template, copied and fingerprinted once.
 * Reference-counted: each render using it holds a reference. */
typedef struct livediff_statics livediff_statics;

/* `count` >= 1 fragments, at most LIVEDIFF_MAX_PARTS. */
LIVEDIFF_API livediff_status livediff_statics_new(const livediff_str* parts, size_t count,
                                                  livediff_statics** out);
/* Releases the caller's reference; NULL is ignored. */
LIVEDIFF_API void livediff_statics_free(livediff_statics* statics);
/* The number of dynamics (fragments - 1); 0 for NULL. */
LIVEDIFF_API size_t livediff_statics_dynamic_count(const livediff_statics* statics);
/* The 64-bit fingerprint, stable across processes; 0 for NULL. */
LIVEDIFF_API uint64_t livediff_statics_fingerprint(const livediff_statics* statics);

/* ---- fields: how array calls set the dynamics of a node ----------------------------------- */

typedef enum livediff_field_kind {
  LIVEDIFF_FIELD_TEXT = 0, /* the value, HTML-escaped */
  LIVEDIFF_FIELD_HTML = 1, /* the value as trusted markup, not escaped */
  LIVEDIFF_FIELD_ATTR = 2  /* ` name="value"` with the value escaped (`name` is the field's) */
} livediff_field_kind;

/* One value of an array call goes into slot `slot` as `kind`. */
typedef struct livediff_field {
  uint32_t slot;
  uint32_t kind; /* a livediff_field_kind */
  livediff_str name; /* LIVEDIFF_FIELD_ATTR: the attribute name; otherwise ignored */
} livediff_field;

/* An immutable list of fields: a row's layout, made once and used for every row. */
typedef struct livediff_fields livediff_fields;

LIVEDIFF_API livediff_status livediff_fields_new(const livediff_field* fields, size_t count,
                                                 livediff_fields** out);
LIVEDIFF_API void livediff_fields_free(livediff_fields* fields);

/* Packed values: the array calls that take `packed` read `count` values from one buffer in
 * which they are separated by NUL bytes, so `count` values hold exactly `count - 1` NULs (and
 * an empty buffer holds 0 or 1 values, as the count says). A host joins its strings once
 * instead of passing one pointer per value. */

/* ---- render trees ------------------------------------------------------------------------- */

/* One render of a page. Reusable: livediff_rendered_root starts the next render and keeps the
 * buffers, so a steady-state render does not allocate. */
typedef struct livediff_rendered livediff_rendered;
/* A node of the current render of one tree (the root, a nested node, a list entry, a
 * component's root). 0 is never a valid handle. */
typedef uint64_t livediff_node;
/* A list (comprehension) of the current render of one tree. 0 is never a valid handle. */
typedef uint64_t livediff_list;

LIVEDIFF_API livediff_status livediff_rendered_new(livediff_rendered** out);
LIVEDIFF_API void livediff_rendered_free(livediff_rendered* tree);
/* Starts a new render rooted at `statics`; every handle of the previous render becomes
 * stale. */
LIVEDIFF_API livediff_status livediff_rendered_root(livediff_rendered* tree,
                                                    const livediff_statics* statics,
                                                    livediff_node* root_out);
/* Renders live component `cid` (>= 1, once per render) in this render; its statics must form a
 * single element. Components not rendered keep what the client has. Needs a root. */
LIVEDIFF_API livediff_status livediff_rendered_component(livediff_rendered* tree, int32_t cid,
                                                         const livediff_statics* statics,
                                                         livediff_node* node_out);
/* Drops the current render (its handles become stale); the tree has no root until the next
 * livediff_rendered_root. */
LIVEDIFF_API void livediff_rendered_clear(livediff_rendered* tree);
/* The dead render: the HTML of the current render. With a non-empty `view_id` each component's
 * root tag carries data-phx-component and data-phx-view, as in the browser. Streams show this
 * render's items. `*out` is valid until the next call on `tree`. */
LIVEDIFF_API livediff_status livediff_rendered_html(livediff_rendered* tree, const char* view_id,
                                                    size_t view_id_size, const char** out,
                                                    size_t* out_size);

/* ---- the dynamics of a node, one by one --------------------------------------------------- */

/* Text, HTML-escaped. */
LIVEDIFF_API livediff_status livediff_node_set_text(livediff_rendered* tree, livediff_node node,
                                                    uint32_t slot, const char* text,
                                                    size_t size);
/* An integer as text. */
LIVEDIFF_API livediff_status livediff_node_set_int(livediff_rendered* tree, livediff_node node,
                                                   uint32_t slot, int64_t value);
/* A finite double as text, in its shortest round-trip form with a fractional digit (41.0). */
LIVEDIFF_API livediff_status livediff_node_set_double(livediff_rendered* tree,
                                                      livediff_node node, uint32_t slot,
                                                      double value);
/* Markup the caller vouches for; not escaped. */
LIVEDIFF_API livediff_status livediff_node_set_html(livediff_rendered* tree, livediff_node node,
                                                    uint32_t slot, const char* html,
                                                    size_t size);
/* ` name="value"`, the value escaped: a dynamic attribute. */
LIVEDIFF_API livediff_status livediff_node_set_attr(livediff_rendered* tree, livediff_node node,
                                                    uint32_t slot, const char* name,
                                                    size_t name_size, const char* value,
                                                    size_t value_size);
/* The slot equals what the client already holds: nothing is computed or sent. The differ
 * refuses the render (LIVEDIFF_FAILED_PRECONDITION) where the client holds nothing there. */
LIVEDIFF_API livediff_status livediff_node_set_unchanged(livediff_rendered* tree,
                                                         livediff_node node, uint32_t slot);
/* A reference to live component `cid` (>= 1). */
LIVEDIFF_API livediff_status livediff_node_set_component(livediff_rendered* tree,
                                                         livediff_node node, uint32_t slot,
                                                         int32_t cid);
/* A nested node with its own statics. */
LIVEDIFF_API livediff_status livediff_node_add_node(livediff_rendered* tree, livediff_node node,
                                                    uint32_t slot,
                                                    const livediff_statics* statics,
                                                    livediff_node* child_out);
/* A list whose entries share `statics`. */
LIVEDIFF_API livediff_status livediff_node_add_list(livediff_rendered* tree, livediff_node node,
                                                    uint32_t slot,
                                                    const livediff_statics* statics,
                                                    livediff_list* list_out);

/* ---- the dynamics of a node, in one call -------------------------------------------------- */

/* Sets one value per field. */
LIVEDIFF_API livediff_status livediff_node_set_values(livediff_rendered* tree,
                                                      livediff_node node,
                                                      const livediff_fields* fields,
                                                      const livediff_str* values, size_t count);
/* The same with the values packed (see "Packed values"). */
LIVEDIFF_API livediff_status livediff_node_set_packed(livediff_rendered* tree,
                                                      livediff_node node,
                                                      const livediff_fields* fields,
                                                      const char* packed, size_t packed_size);

/* ---- lists -------------------------------------------------------------------------------- */

/* Entries are keyed: a key the client held last time lets the diff send only what changed in
 * that entry, or its old position when it moved. Entries without a key are keyed by position.
 * Integer and string keys never match each other. */
LIVEDIFF_API livediff_status livediff_list_add_entry(livediff_rendered* tree, livediff_list list,
                                                     livediff_node* entry_out);
LIVEDIFF_API livediff_status livediff_list_add_entry_int(livediff_rendered* tree,
                                                         livediff_list list, int64_t key,
                                                         livediff_node* entry_out);
LIVEDIFF_API livediff_status livediff_list_add_entry_str(livediff_rendered* tree,
                                                         livediff_list list, const char* key,
                                                         size_t key_size,
                                                         livediff_node* entry_out);
/* An entry the client already holds under `key`, wherever it now sits: not rendered; the diff
 * sends at most its old position. */
LIVEDIFF_API livediff_status livediff_list_add_unchanged_int(livediff_rendered* tree,
                                                             livediff_list list, int64_t key);
LIVEDIFF_API livediff_status livediff_list_add_unchanged_str(livediff_rendered* tree,
                                                             livediff_list list,
                                                             const char* key, size_t key_size);

/* Adds `count` entries in one call, each with one value per field, read in order from
 * `packed` (count x fields values, minus those of unchanged entries). `keys` are their integer
 * keys, or NULL to key them by position. When `unchanged` is not NULL, entry i with
 * unchanged[i] != 0 is an unchanged entry and takes no values. When `entries_out` is not
 * NULL it receives the `count` entry handles (0 for unchanged entries). Checked as a whole
 * before anything is added. */
LIVEDIFF_API livediff_status livediff_list_add_entries(
    livediff_rendered* tree, livediff_list list, const livediff_fields* fields, size_t count,
    const int64_t* keys, const uint8_t* unchanged, const char* packed, size_t packed_size,
    livediff_node* entries_out);
/* The same with string keys, packed (count keys, NUL-separated). */
LIVEDIFF_API livediff_status livediff_list_add_entries_str(
    livediff_rendered* tree, livediff_list list, const livediff_fields* fields, size_t count,
    const char* keys_packed, size_t keys_size, const uint8_t* unchanged, const char* packed,
    size_t packed_size, livediff_node* entries_out);

/* ---- streams ------------------------------------------------------------------------------ */

/* Options of a stream insert. */
#define LIVEDIFF_INSERT_LIMIT 1u       /* `limit` applies */
#define LIVEDIFF_INSERT_UPDATE_ONLY 2u /* only update an item the client shows; never add it */

/* Turns an empty list into a stream (phx-update="stream") named `ref`: its items are sent once
 * and never remembered, and the client applies the operations below by DOM id. */
LIVEDIFF_API livediff_status livediff_list_set_stream(livediff_rendered* tree,
                                                      livediff_list list, const char* ref,
                                                      size_t ref_size);
/* Inserts one item under `dom_id`, or replaces the one the client shows under it. `at`: -1
 * appends, 0 prepends, k > 0 inserts before the k-th item (below -1: LIVEDIFF_OUT_OF_RANGE). With LIVEDIFF_INSERT_LIMIT the client
 * then keeps the first `limit` items (limit >= 0) or the last -limit. Returns the item's node;
 * it should render `dom_id` as its element's id. */
LIVEDIFF_API livediff_status livediff_list_stream_insert(livediff_rendered* tree,
                                                         livediff_list list, const char* dom_id,
                                                         size_t dom_id_size, int32_t at,
                                                         int32_t limit, uint32_t flags,
                                                         livediff_node* item_out);
/* Inserts `count` items with the same options: DOM ids packed, values as for
 * livediff_list_add_entries. */
LIVEDIFF_API livediff_status livediff_list_stream_insert_many(
    livediff_rendered* tree, livediff_list list, const livediff_fields* fields, size_t count,
    const char* dom_ids_packed, size_t dom_ids_size, int32_t at, int32_t limit, uint32_t flags,
    const char* packed, size_t packed_size, livediff_node* items_out);
/* Removes the item the client shows under `dom_id`. */
LIVEDIFF_API livediff_status livediff_list_stream_delete(livediff_rendered* tree,
                                                         livediff_list list, const char* dom_id,
                                                         size_t dom_id_size);
/* Clears the client's items before this render's inserts apply. */
LIVEDIFF_API livediff_status livediff_list_stream_reset(livediff_rendered* tree,
                                                        livediff_list list);

/* ---- diffs -------------------------------------------------------------------------------- */

/* Encodes diffs, keeping its buffers between calls. One per thread; it may serve any number of
 * states in turn. */
typedef struct livediff_differ livediff_differ;
/* What one client holds, as far as the differ needs to know: fingerprints, entry keys and a
 * hash per dynamic, never the HTML. A new state holds nothing, so its first diff is a full
 * render (the payload of a join). */
typedef struct livediff_state livediff_state;

LIVEDIFF_API livediff_status livediff_differ_new(livediff_differ** out);
LIVEDIFF_API void livediff_differ_free(livediff_differ* differ);
LIVEDIFF_API livediff_status livediff_state_new(livediff_state** out);
LIVEDIFF_API void livediff_state_free(livediff_state* state);
/* Forgets everything, e.g. when the client rejoins. */
LIVEDIFF_API void livediff_state_clear(livediff_state* state);
/* Forgets a component the client destroyed (cids_destroyed); `*was_held` (may be NULL) says
 * whether it was held. */
LIVEDIFF_API livediff_status livediff_state_forget_component(livediff_state* state, int32_t cid,
                                                             int* was_held);
/* Makes `dst` hold what `src` holds: another client at the same point, or `src` saved. */
LIVEDIFF_API livediff_status livediff_state_copy(const livediff_state* src, livediff_state* dst);
/* Bytes the state holds. */
LIVEDIFF_API size_t livediff_state_memory(const livediff_state* state);

/* Diffs the current render of `tree` against `state` and updates `state` to what the client
 * holds once it merges the result: `{}` when nothing changed. `extra` (may be empty) is JSON
 * object members added at the top level, such as `"t":"Title"`; they must not use the keys of
 * the tree (digits, "s", "p", "c"). `*out` is valid until the next call on `differ`. After a
 * failure other than LIVEDIFF_RESOURCE_EXHAUSTED the state is unchanged; after that one it is
 * cleared, so the next diff is a full render for a client that rejoins. */
LIVEDIFF_API livediff_status livediff_differ_diff(livediff_differ* differ,
                                                  const livediff_rendered* tree,
                                                  livediff_state* state, const char* extra,
                                                  size_t extra_size, const char** out,
                                                  size_t* out_size);
/* The full render as JSON, leaving no state behind. */
LIVEDIFF_API livediff_status livediff_differ_full(livediff_differ* differ,
                                                  const livediff_rendered* tree,
                                                  const char** out, size_t* out_size);

/* ---- the client model --------------------------------------------------------------------- */

/* What a phoenix_live_view 1.2 browser client holds, merged and rendered as the client does,
 * stream items included. A test oracle: it keeps every diff, so it is not for long sessions. */
typedef struct livediff_client livediff_client;

/* `view_id` names the view in the data-phx-view attributes of components. */
LIVEDIFF_API livediff_status livediff_client_new(const char* view_id, size_t view_id_size,
                                                 livediff_client** out);
LIVEDIFF_API void livediff_client_free(livediff_client* client);
/* Replaces everything with the `rendered` payload of a join. */
LIVEDIFF_API livediff_status livediff_client_join(livediff_client* client, const char* json,
                                                  size_t size);
/* Merges one diff. Where the real client would throw, returns LIVEDIFF_INVALID_ARGUMENT and the
 * model is unusable until the next join. */
LIVEDIFF_API livediff_status livediff_client_merge(livediff_client* client, const char* json,
                                                   size_t size);
/* The page as of the last join or merge; valid until the next call on `client`. */
LIVEDIFF_API livediff_status livediff_client_html(const livediff_client* client,
                                                  const char** out, size_t* out_size);
/* The page title of the last diff that set one ("" if none); valid as for html. */
LIVEDIFF_API livediff_status livediff_client_title(const livediff_client* client,
                                                   const char** out, size_t* out_size);
/* Forgets components the client destroyed. */
LIVEDIFF_API livediff_status livediff_client_prune(livediff_client* client, const int32_t* cids,
                                                   size_t count);

LIVEDIFF_END_DECLS

#endif /* LIVEDIFF_LIVEDIFF_H */
