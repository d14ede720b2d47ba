/* congtt search page (/tim-kiem/?q=…&loai=…): reads the sharded index that congtt/search.py writes.
   The page carries the index's meta.json inline (data-meta), so a query fetches at once the shards
   holding its terms, which carry the rows of their terms' best title matches; only the rows of other
   results are fetched after ranking. Tokenizing, folding, shard choice and ranking are the same as
   search.py's (see its docstring).
   Inlined first thing in the search page's head (theme/search.html), before the stylesheets: the
   query in the address is fetched and ranked while the browser is still busy with the page, and
   drawn as soon as the search section is parsed (with the 4× slower CPU of a cheap phone,
   DOMContentLoaded comes late). A change here changes the script's CSP hash: see
   scripts/nginx/congtt.conf. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.Promise || !window.URLSearchParams) { return; }
  var indexUrl = script.getAttribute("data-index");
  var root = script.getAttribute("data-root");
  var meta = JSON.parse(script.getAttribute("data-meta"));
  var PAGE = 10;
  var BREAK = "|";
  var TOKEN = /\d+(?:[.,\/]\d+)+|[\p{L}\p{N}_]+|[.,;:!?()[\]{}"“”‘’«»…|*#>\n–—]+/gu;
  var WORD = /^[\p{L}\p{N}_]/u;
  var files = {};
  var run = 0;
  var view = null;  // the elements of #tim-kiem, once the document is parsed
  var shown = null;  // what the list shows: {query, text, kind, ranked, total, count}

  var folds = new Map();  // a page of results folds the same few hundred words over and over
  function fold(text) {
    var folded = folds.get(text);
    if (folded === undefined) {
      folded = text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
      folds.set(text, folded);
    }
    return folded;
  }
  function foldToken(token) { return WORD.test(token) ? fold(token) : BREAK; }

  /* CRC-32 (zlib's), bit by bit: a query hashes a hundred bytes, fewer than a lookup table's 2,048
     steps, which a throttled phone pays before its first request. */
  function crc32(text) {
    var bytes = new TextEncoder().encode(text), c = 0xffffffff;
    for (var i = 0; i < bytes.length; i += 1) {
      c ^= bytes[i];
      for (var k = 0; k < 8; k += 1) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
    }
    return (c ^ 0xffffffff) >>> 0;
  }
  function shardOf(term) {
    var first = term.charAt(0);
    var key = first === "#" ? term.slice(1).split(" ")[0] : first === "=" ? fold(term.slice(1)) : term;
    return "t" + (crc32(key) % meta.shards) + ".json";
  }

  /* The same terms search.Query.parse makes: folded syllables, folded pairs, exact marked syllables. */
  function parse(text) {
    var kept = [], count = 0, tokens = text.normalize("NFC").toLowerCase().match(TOKEN) || [];
    for (var i = 0; i < tokens.length; i += 1) {
      if (foldToken(tokens[i]) !== BREAK) {
        if (count === meta.syllables) { break; }
        count += 1;
      }
      kept.push(tokens[i]);
    }
    var syllables = [], bit = {}, keys = new Map();
    kept.forEach(function (token) {
      var folded = foldToken(token);
      if (folded !== BREAK && !(folded in bit)) { bit[folded] = 1 << syllables.length; syllables.push(folded); }
    });
    kept.forEach(function (token, index) {
      var a = foldToken(token), b = index + 1 < kept.length ? foldToken(kept[index + 1]) : BREAK;
      if (a === BREAK) { return; }
      keys.set(a, bit[a]);
      if (a !== token) { keys.set("=" + token, bit[a]); }
      if (b !== BREAK) { keys.set(a + " " + b, bit[a] | bit[b]); }
    });
    // A number such as «12/KH-UBND», from the first syllable starting with a digit (search.identifier_term).
    var folded = kept.map(foldToken).filter(function (f) { return f !== BREAK; });
    var start = 0;
    while (start < folded.length && !/^[0-9]/.test(folded[start])) { start += 1; }
    if (folded.length - start >= 2) { keys.set("#" + folded.slice(start).join(" "), (1 << syllables.length) - 1); }
    var typed = {};  // folded syllable → the marked forms the query typed, if any
    kept.forEach(function (token) {
      var folded = foldToken(token);
      if (folded !== BREAK && folded !== token) { (typed[folded] = typed[folded] || []).push(token); }
    });
    return { syllables: syllables, keys: Array.from(keys), typed: typed };
  }

  /* A JSON file of the index. XMLHttpRequest rather than fetch: a fetch's body reaches the script
     through several more tasks (the response, then reading its body, then parsing), and while the
     page is parsed and laid out each of them waits its turn; an XMLHttpRequest hands over the whole
     body in one event. The first query's shards were in the script at 139 ms instead of 260 ms
     (median of 9, no throttling), and its results painted at 844 ms instead of 956 ms at 4×. */
  function getJson(url, fresh) {
    return new Promise(function (resolve, reject) {
      var request = new XMLHttpRequest();
      request.open("GET", url);
      request.responseType = "json";
      if (fresh) { request.setRequestHeader("Cache-Control", "no-cache"); }
      request.onload = function () {
        if (request.status === 200 && request.response !== null) { resolve(request.response); }
        else { reject(new Error(url + ": " + request.status)); }
      };
      request.onerror = function () { reject(new Error(url + ": network error")); };
      request.send();
    });
  }
  function load(path) {
    if (!files[path]) {
      files[path] = getJson(indexUrl + path + "?v=" + meta.v).catch(function (error) { delete files[path]; throw error; });
    }
    return files[path];
  }
  /* The inline meta of a page served before the index was rebuilt is stale: take the current one. */
  function reloadMeta() {
    return getJson(indexUrl + "meta.json", true).then(function (loaded) { meta = loaded; files = {}; });
  }

  /* Bits set in each byte: a query has at most meta.syllables (8) syllables, so its masks fit in one. */
  var BITS = new Uint8Array(256);
  for (var b = 1; b < 256; b += 1) { BITS[b] = (b & 1) + BITS[b >> 1]; }

  /* Same as search.rank: pages where more of the query's syllable pairs stand together first; then
     impacts summed, times the squared share of query syllables covered. A term whose list was cut
     (too common to tell pages apart) counts as present in every page of its kind. Sums go into arrays
     indexed by entry number (meta says how many a kind has), not maps: several times faster. Plain
     loops, no callbacks: this runs once, cold, on a throttled phone, where each call costs. */
  /* Same as search.required_mask: the query's distinctive syllables (in at most meta.common of all pages,
     or in none), which every hit must have; none for a query of common words only, whose hits need two
     of them side by side. */
  function requiredMask(parsed, found) {
    var pages = 0, required = 0, names = Object.keys(meta.kinds);
    names.forEach(function (name) { pages += meta.kinds[name].items; });
    parsed.keys.forEach(function (pair) {
      var term = pair[0], lists = found[term] || [], df = 0;
      if (term.indexOf(" ") !== -1 || term.charAt(0) === "=") { return; }
      for (var n = 0; n < lists.length; n += 1) { if (lists[n]) { df += lists[n][0]; } }
      if (df <= meta.common * (pages || 1)) { required |= pair[1]; }
    });
    return required;
  }
  /* The distinctive syllables no page has, as the query typed them: what «không tìm thấy» offers to drop. */
  function unmatched(parsed, found) {
    var required = requiredMask(parsed, found);
    return parsed.keys.filter(function (pair) {
      var term = pair[0], lists = found[term] || [];
      return (pair[1] & required) && term.indexOf(" ") === -1 && term.charAt(0) !== "=" &&
        !lists.some(function (values) { return values; });
    }).map(function (pair) { return pair[0]; });
  }

  function rank(parsed, kinds, found) {
    var scored = [], pairBit = {}, pairCount = 0, names = Object.keys(meta.kinds), keys = parsed.keys;
    var syllables = parsed.syllables.length, required = requiredMask(parsed, found), i, k;
    for (k = 0; k < keys.length; k += 1) {
      if (keys[k][0].indexOf(" ") !== -1 && keys[k][0].charAt(0) !== "#") { pairBit[keys[k][0]] = 1 << pairCount; pairCount += 1; }
    }
    for (var position = 0; position < names.length; position += 1) {
      var kind = names[position];
      if (kinds.indexOf(kind) === -1) { continue; }
      var size = meta.kinds[kind].items, touched = [], common = 0, commonPairs = 0;
      var score = new Float64Array(size), covered = new Uint8Array(size), pairs = new Uint8Array(size);
      for (k = 0; k < keys.length; k += 1) {
        var term = keys[k][0], mask = keys[k][1], entry = found[term], values = entry ? entry[position] : 0;
        var bit = pairBit[term] || (term.charAt(0) === "#" ? (1 << pairCount) - 1 : 0);  // a number: the whole phrase
        if (!values) { continue; }
        if (values[0] > (values.length - 1) / 2) {
          if (bit) { commonPairs |= bit; } else { common |= mask; }
        }
        for (var n = 1, number = 0; n < values.length; n += 2) {
          number += values[n];
          if (!score[number]) { touched.push(number); }
          score[number] += values[n + 1];
          covered[number] |= mask;
          pairs[number] |= bit;
        }
      }
      for (i = 0; i < touched.length; i += 1) {
        var hit = touched[i], share = BITS[covered[hit] | common] / syllables;
        var enough = required ? ((covered[hit] | common) & required) === required : (pairs[hit] | commonPairs) || !pairCount;
        if (share >= meta.coverage && enough) {
          scored.push([BITS[pairs[hit] | commonPairs], score[hit] * share * share, position, hit, kind]);
        }
      }
    }
    scored.sort(function (x, y) { return y[0] - x[0] || y[1] - x[1] || x[2] - y[2] || x[3] - y[3]; });
    return { hits: scored.slice(0, meta.cap), total: scored.length };
  }

  /* ``text`` with the query's words marked: a syllable typed with marks matches only that form; when the
     query has several syllables and the text has them side by side, only such runs are marked. */
  function highlighted(text, parsed) {
    var runs = [], run = null, last = 0, match, words = /[\p{L}\p{N}_]+/gu;
    while ((match = words.exec(text)) !== null) {
      var folded = fold(match[0]), forms = parsed.typed[folded];
      var hit = parsed.syllables.indexOf(folded) !== -1 && (!forms || forms.indexOf(match[0].toLowerCase()) !== -1);
      if (!hit) { run = null; continue; }
      if (run && !text.slice(run.end, match.index).trim()) {
        run.end = match.index + match[0].length;
        run.words += 1;
      } else {
        run = { start: match.index, end: match.index + match[0].length, words: 1 };
        runs.push(run);
      }
    }
    var phrases = runs.filter(function (r) { return r.words > 1; });
    if (parsed.syllables.length > 1 && phrases.length) { runs = phrases; }
    var fragment = document.createDocumentFragment();
    runs.forEach(function (r) {
      fragment.appendChild(document.createTextNode(text.slice(last, r.start)));
      fragment.appendChild(document.createElement("mark")).textContent = text.slice(r.start, r.end);
      last = r.end;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function element(tag, className, child) {
    var node = document.createElement(tag);
    node.className = className;
    if (child) { node.appendChild(child); }
    return node;
  }

  function result(row, kind, parsed) {
    var url = row[0], title = row[1], day = row[2], details = row[3], text = row[4];
    var item = element("li", "ct-result");
    var line = element("p", "ct-result__meta");
    line.appendChild(element("span", "ct-result__kind ct-result__kind--" + kind, document.createTextNode(meta.kinds[kind].label)));
    if (day) {
      var time = element("time", "", document.createTextNode(day.split("-").reverse().join("/")));
      time.setAttribute("datetime", day);
      line.appendChild(document.createTextNode(" · "));
      line.appendChild(time);
    }
    if (details) { line.appendChild(document.createTextNode(" · " + details)); }
    var link = element("a", "", highlighted(title, parsed));
    link.href = root + url;
    item.appendChild(element("h2", "ct-result__title", link));
    item.appendChild(line);
    if (text) { item.appendChild(element("p", "ct-result__snippet", highlighted(text, parsed))); }
    return item;
  }

  /* Everything a query needs before it can be drawn: the ranking and the rows of its first page.
     Each shard names the index version it belongs to; one that differs from the page's, or a file
     that is not there, means the site was rebuilt since the page was served: the query starts again,
     once, on the current meta.json. */
  function prepare(text, kind, reloaded) {
    if (!meta.kinds[kind]) { kind = ""; }
    var parsed = parse(text), terms = parsed.keys.map(function (pair) { return pair[0]; });
    return Promise.all(terms.map(function (term) { return load(shardOf(term)); })).then(function (shards) {
      if (shards.some(function (shard) { return shard[""] !== meta.v; })) { throw new Error("index version: " + meta.v); }
      var found = {}, carried = {};
      terms.forEach(function (term, index) { found[term] = shards[index][term]; });
      shards.forEach(function (shard) { Object.assign(carried, shard["#"]); });
      var outcome = rank(parsed, kind ? [kind] : Object.keys(meta.kinds), found);
      var results = { query: parsed, text: text, kind: kind, ranked: outcome.hits, total: outcome.total, count: 0,
                      carried: carried, unmatched: outcome.hits.length ? [] : unmatched(parsed, found) };
      return rows(results).then(function (first) { results.first = first; return results; });
    }).catch(function (error) {
      if (reloaded) { throw error; }
      return reloadMeta().then(function () { return prepare(text, kind, true); });
    });
  }

  /* The rows of the next page of results: from the shards when they carry them (a title match), else
     from the rows files. */
  function rows(results) {
    var batch = results.ranked.slice(results.count, results.count + PAGE);
    return Promise.all(batch.map(function (hit) {
      var row = results.carried[hit[2] + "." + hit[3]];
      if (row) { return [row, hit[4]]; }
      return load(hit[4] + "/d" + Math.floor(hit[3] / meta.chunk) + ".json").then(function (chunk) {
        return [chunk[hit[3] % meta.chunk], hit[4]];
      });
    }));
  }

  function append(results, batch) {
    batch.forEach(function (row) { view.list.appendChild(result(row[0], row[1], results.query)); });
    results.count += batch.length;
    view.more.hidden = results.count >= results.ranked.length;
  }

  /* The results list (#ket-qua) enters the page once, filled, when the first query settles: the
     browser lays the results out in one go, not item by item into a list already on the page, and
     the page's <link rel="expect" href="#ket-qua" blocking="render"> lets its first paint wait for it
     (at most until the page is parsed; see theme/search.html). */
  function setState(state) {
    if (state !== "loading" && !view.list.parentNode) { view.more.parentNode.before(view.list); }
    Object.keys(view.notes).forEach(function (name) { view.notes[name].hidden = name !== state; });
    view.section.setAttribute("data-state", state);
  }

  function describe(results) {
    var where = results.kind ? " trong mục " + meta.kinds[results.kind].label : "";
    var head = "Có " + results.total + " kết quả cho «" + results.text + "»" + where;
    if (results.total > results.ranked.length) {
      return head + "; hiện " + results.ranked.length + " kết quả khớp nhất.";
    }
    return head + ".";
  }

  /* On «không tìm thấy»: the words no page has, and the same search without them, when something is left. */
  function suggest(results) {
    var box = view.section.querySelector("[data-ct-suggest]"), dropped = {};
    results.unmatched.forEach(function (syllable) { dropped[syllable] = true; });
    var tokens = results.text.split(/\s+/).filter(Boolean);
    var missing = tokens.filter(function (token) { return dropped[fold(token.toLowerCase())]; });
    var rest = tokens.filter(function (token) { return !dropped[fold(token.toLowerCase())]; }).join(" ");
    box.hidden = !missing.length;
    if (!missing.length) { return; }
    box.querySelector("[data-ct-missing]").textContent = missing.join(", ");
    var link = box.querySelector("a");
    link.hidden = !rest;
    link.textContent = "Tìm «" + rest + "»";
    var params = new URLSearchParams({ q: rest });
    if (results.kind) { params.set("loai", results.kind); }
    link.href = "?" + params.toString();
  }

  /* Draw a prepared query, unless a newer one has started since. */
  function show(pending, current) {
    view.list.textContent = "";
    view.more.hidden = true;
    view.status.textContent = "Đang tìm…";
    setState("loading");
    return pending.then(function (results) {
      if (current !== run) { return; }
      shown = results;
      if (!results.ranked.length) {
        view.section.querySelector("[data-ct-query]").textContent = results.text;
        suggest(results);
        view.status.textContent = "";
        setState("empty");
        return;
      }
      append(results, results.first);
      view.status.textContent = describe(results);
      setState("done");
    }, function (error) {
      if (current !== run) { return; }
      view.status.textContent = "";
      setState("error");
      if (window.console) { window.console.error(error); }
    });
  }

  function search(text, kind) {
    run += 1;
    if (!text.trim()) {
      view.list.textContent = "";
      view.more.hidden = true;
      view.status.textContent = "";
      setState("idle");
      return;
    }
    show(prepare(text, kind), run);
  }

  function remember(text, kind) {
    var params = new URLSearchParams();
    if (text) { params.set("q", text); }
    if (kind) { params.set("loai", kind); }
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  /* Calls ``ready`` once: as soon as the search section is parsed (its last element, the «more» button,
     exists), or at DOMContentLoaded. On a slow phone the rest of the page (footer, scripts, the first
     layouts) keeps DOMContentLoaded waiting well after the section could show its results. */
  function whenParsed(ready) {
    var called = false, observer = new MutationObserver(check);
    function check() {
      if (called || (document.readyState === "loading" && !document.querySelector("#tim-kiem [data-ct-more]"))) { return; }
      called = true;
      observer.disconnect();
      ready();
    }
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", check);
    check();
  }

  function setUp(early) {
    var section = document.getElementById("tim-kiem");
    if (!section) { return; }
    view = {
      section: section,
      form: section.querySelector("[data-ct-search-form]"),
      list: element("ol", "ct-results"),
      status: section.querySelector("[data-ct-status]"),
      more: section.querySelector("[data-ct-more]"),
      notes: { idle: section.querySelector("[data-ct-idle]"), empty: section.querySelector("[data-ct-none]"),
               error: section.querySelector("[data-ct-error]") }
    };
    view.list.id = "ket-qua";
    var form = view.form;
    form.q.value = initial.text;
    var chosen = form.querySelector('input[name="loai"][value="' + initial.kind + '"]');
    if (chosen) { chosen.checked = true; }
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      remember(form.q.value.trim(), form.loai.value);
      search(form.q.value, form.loai.value);
    });
    form.addEventListener("change", function (event) {
      if (event.target.name !== "loai") { return; }
      remember(form.q.value.trim(), form.loai.value);
      search(form.q.value, form.loai.value);
    });
    view.more.addEventListener("click", function () {
      var results = shown, current = run;
      rows(results).then(function (batch) { if (current === run) { append(results, batch); } }, function (error) {
        if (window.console) { window.console.error(error); }
      });
    });
    if (early) {
      run += 1;
      show(early, run);
    } else {
      search("", "");
    }
  }

  var params = new URLSearchParams(window.location.search);
  var initial = { text: params.get("q") || "", kind: (params.get("loai") || "").replace(/[^a-z-]/g, "") };
  var early = initial.text.trim() ? prepare(initial.text, initial.kind) : null;
  if (early) { early.catch(function () { return null; }); }  // reported by show(), once the section is parsed
  whenParsed(function () { setUp(early); });
})();
