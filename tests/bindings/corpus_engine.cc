// The conformance corpus's engine for the C++ core: reads render trees (one JSON request per
// line, tests/conformance/corpus/README.md), builds each with the livediff::Rendered builder,
// diffs it against one DiffState and answers {"diff": ...} on a line.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "livediff/core/diff.h"
#include "livediff/core/json.h"
#include "livediff/core/rendered.h"

namespace {

using livediff::ComprehensionRef;
using livediff::NodeRef;
using livediff::Rendered;
using livediff::Statics;
using rapidjson::Value;

struct bad_tree {
  std::string message;
};

[[noreturn]] void bad(std::string message) {
  throw bad_tree{std::move(message)};
}

std::string_view str(const Value& v) {
  if (!v.IsString()) bad("expected a string");
  return {v.GetString(), v.GetStringLength()};
}

const Value& member(const Value& obj, const char* name) {
  if (!obj.IsObject()) bad(std::string("expected an object with \"") + name + "\"");
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) bad(std::string("missing \"") + name + "\"");
  return it->value;
}

const Value* find(const Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::string to_json(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

class engine {
 public:
  std::string answer(const std::string& line) {
    rapidjson::Document req;
    req.Parse<rapidjson::kParseIterativeFlag>(line.data(), line.size());
    if (req.HasParseError() || !req.IsObject()) return error("the request is not a JSON object");
    try {
      const std::string_view op = str(member(req, "op"));
      if (op == "forget") {
        for (const Value& cid : member(req, "cids").GetArray()) {
          if (!cid.IsInt()) bad("cids must be integers");
          state_.forget_component(cid.GetInt());
        }
        return "{\"ok\":true}";
      }
      if (op != "join" && op != "render") bad("unknown op");
      if (op == "join") state_.clear();
      const Value& tree = member(req, "tree");
      build(tree);
      std::string extra;
      if (const Value* title = find(tree, "title")) {
        extra = "\"t\":";
        livediff::append_json_string(extra, str(*title));
      }
      if (const Value* events = find(tree, "events")) {
        if (!extra.empty()) extra += ',';
        extra += "\"e\":" + to_json(*events);
      }
      std::string out = "{\"diff\":";
      out.append(differ_.diff(r_, state_, extra));
      out += '}';
      return out;
    } catch (const bad_tree& e) {
      return error(e.message);
    } catch (const livediff::render_error& e) {
      return error(e.what());
    }
  }

 private:
  static std::string error(std::string_view message) {
    std::string out = "{\"error\":";
    livediff::append_json_string(out, message);
    out += '}';
    return out;
  }

  // Trees name statics by their parts; equal parts must be the same Statics across renders.
  const Statics& statics(const Value& parts) {
    if (!parts.IsArray() || parts.Empty()) bad("statics must be a non-empty array of strings");
    std::string key;
    std::vector<std::string> owned;
    for (const Value& p : parts.GetArray()) {
      owned.emplace_back(str(p));
      key.append(owned.back());
      key += '\xff';
    }
    auto& slot = statics_[key];
    if (!slot) slot = Statics::make(std::move(owned));
    return *slot;
  }

  void build(const Value& tree) {
    const Value& root = member(tree, "root");
    fill(r_.root(statics(member(root, "statics"))), root);
    if (const Value* components = find(tree, "components")) {
      if (!components->IsObject()) bad("components must be an object");
      for (const auto& c : components->GetObject()) {
        const int cid = std::stoi(std::string(str(c.name)));
        fill(r_.component(cid, statics(member(c.value, "statics"))), c.value);
      }
    }
  }

  void fill(NodeRef n, const Value& node) {
    const Value& dynamics = member(node, "dynamics");
    if (!dynamics.IsArray()) bad("dynamics must be an array");
    for (rapidjson::SizeType i = 0; i < dynamics.Size(); ++i) dynamic(n, i, dynamics[i]);
  }

  void dynamic(NodeRef n, std::size_t i, const Value& d) {
    if (d.IsNull()) return;
    if (d.IsString()) {
      n.text(i, str(d));
      return;
    }
    if (!d.IsObject()) bad("a dynamic is null, a string or an object");
    if (const Value* html = find(d, "html")) {
      n.html(i, str(*html));
    } else if (const Value* attr = find(d, "attr")) {
      n.attr(i, str((*attr)[0]), str((*attr)[1]));
    } else if (const Value* child = find(d, "node")) {
      fill(n.node(i, statics(member(*child, "statics"))), *child);
    } else if (const Value* list = find(d, "list")) {
      ComprehensionRef c = n.comprehension(i, statics(member(*list, "statics")));
      for (const Value& e : member(*list, "entries").GetArray()) entry(c, e);
    } else if (const Value* stream = find(d, "stream")) {
      ComprehensionRef c = n.comprehension(i, statics(member(*stream, "statics")));
      c.stream(str(member(*stream, "ref")));
      if (const Value* reset = find(*stream, "reset"); reset && reset->IsTrue()) c.stream_reset();
      if (const Value* deletes = find(*stream, "deletes")) {
        for (const Value& id : deletes->GetArray()) c.stream_delete(str(id));
      }
      if (const Value* inserts = find(*stream, "inserts")) {
        for (const Value& ins : inserts->GetArray()) {
          const Value* at = find(ins, "at");
          const Value* limit = find(ins, "limit");
          const Value* update_only = find(ins, "update_only");
          std::optional<std::int32_t> lim;
          if (limit && limit->IsInt()) lim = limit->GetInt();
          fill(c.stream_insert(str(member(ins, "id")), at && at->IsInt() ? at->GetInt() : -1, lim,
                               update_only && update_only->IsTrue()),
               ins);
        }
      }
    } else if (const Value* cid = find(d, "component")) {
      n.component(i, cid->GetInt());
    } else if (find(d, "unchanged")) {
      n.unchanged(i);
    } else {
      bad("unknown dynamic " + to_json(d));
    }
  }

  void entry(ComprehensionRef c, const Value& e) {
    if (const Value* key = find(e, "unchanged")) {
      if (key->IsInt64()) {
        c.unchanged_entry(key->GetInt64());
      } else {
        c.unchanged_entry(str(*key));
      }
      return;
    }
    const Value* key = find(e, "key");
    NodeRef n = key == nullptr   ? c.entry()
                : key->IsInt64() ? c.entry(key->GetInt64())
                                 : c.entry(str(*key));
    fill(n, e);
  }

  std::unordered_map<std::string, std::shared_ptr<const Statics>> statics_;
  Rendered r_;
  livediff::Differ differ_;
  livediff::DiffState state_;
};

}  // namespace

int main() {
  engine e;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    std::string out = e.answer(line);
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
  }
  return 0;
}
