"""The conformance corpus's engine for the Python binding: reads render trees (one JSON request
per line, tests/conformance/corpus/README.md), builds each with livediff.Rendered, diffs it
against one DiffState and answers {"diff": ...} on a line."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import livediff  # noqa: E402


class Engine:
    def __init__(self):
        self.statics = {}
        self.rendered = livediff.Rendered()
        self.differ = livediff.Differ()
        self.state = livediff.DiffState()

    def intern(self, parts):
        key = tuple(parts)
        s = self.statics.get(key)
        if s is None:
            s = self.statics[key] = livediff.Statics(parts)
        return s

    def answer(self, request):
        op = request["op"]
        if op == "forget":
            for cid in request["cids"]:
                self.state.forget_component(cid)
            return {"ok": True}
        if op not in ("join", "render"):
            raise ValueError(f"unknown op {op!r}")
        if op == "join":
            self.state.clear()
        tree = request["tree"]
        root = tree["root"]
        self.fill(self.rendered.root(self.intern(root["statics"])), root)
        for cid, node in tree.get("components", {}).items():
            self.fill(self.rendered.component(int(cid), self.intern(node["statics"])), node)
        extra = []
        if "title" in tree:
            extra.append('"t":' + json.dumps(tree["title"]))
        if "events" in tree:
            extra.append('"e":' + json.dumps(tree["events"], separators=(",", ":")))
        diff = self.differ.diff(self.rendered, self.state, ",".join(extra))
        return '{"diff":' + diff + "}"

    def fill(self, node, tree):
        for i, d in enumerate(tree["dynamics"]):
            self.dynamic(node, i, d)

    def dynamic(self, node, i, d):
        if d is None:
            return
        if isinstance(d, str):
            node.text(i, d)
        elif "html" in d:
            node.html(i, d["html"])
        elif "attr" in d:
            node.attr(i, d["attr"][0], d["attr"][1])
        elif "node" in d:
            self.fill(node.node(i, self.intern(d["node"]["statics"])), d["node"])
        elif "list" in d:
            lst = node.comprehension(i, self.intern(d["list"]["statics"]))
            for e in d["list"]["entries"]:
                if "unchanged" in e:
                    lst.unchanged_entry(e["unchanged"])
                else:
                    self.fill(lst.entry(e.get("key")), e)
        elif "stream" in d:
            s = d["stream"]
            lst = node.comprehension(i, self.intern(s["statics"])).stream(s["ref"])
            if s.get("reset"):
                lst.reset()
            for dom_id in s.get("deletes", []):
                lst.delete(dom_id)
            for ins in s.get("inserts", []):
                item = lst.insert(ins["id"], ins.get("at", -1), ins.get("limit"),
                                  ins.get("update_only", False))
                self.fill(item, ins)
        elif "component" in d:
            node.component(i, d["component"])
        elif d.get("unchanged") is True:
            node.unchanged(i)
        else:
            raise ValueError(f"unknown dynamic {d!r}")


def main():
    engine = Engine()
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = engine.answer(json.loads(line))
            out.write(reply if isinstance(reply, str) else json.dumps(reply))
        except (livediff.Error, ValueError, KeyError, TypeError) as e:
            out.write(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        out.write("\n")
        out.flush()


if __name__ == "__main__":
    main()
