// Parse feeds with rss-parser, a second client independent of Python's feedparser.
// Usage: node check-feed.js FILE...  Prints {"FILE": {"items": N, "title": "…"}, …} as JSON;
// exits 1 with the parser's message on stderr when a file does not parse.
"use strict";

const fs = require("fs");
const Parser = require("rss-parser");

async function main(files) {
  const parser = new Parser();
  const report = {};
  for (const file of files) {
    const feed = await parser.parseString(fs.readFileSync(file, "utf8"));
    report[file] = { items: feed.items.length, title: feed.title, guids: feed.items.map((item) => item.guid || item.id) };
  }
  process.stdout.write(JSON.stringify(report));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
