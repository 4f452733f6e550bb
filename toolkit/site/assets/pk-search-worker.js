// policykit search worker: answers the theme's search box from the split index that
// toolkit/site/search.py writes under pk-search/, loading only the files a query needs.
// It speaks the theme's worker protocol (SETUP 0, READY 1, QUERY 2, RESULT 3), so the
// theme's box and result list are unchanged; policykit-search.js starts it in place of
// the theme's lunr worker. Each index file is a script calling __pkSearch(key, data): from
// file://, where the iframe-worker shim runs this worker in a hidden frame, the files load
// as <script> elements (fetch cannot read file://); in a real worker over HTTP they are
// fetched and their data read as JSON. Either way all the files a step needs load at once.
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3, OPTIONS = 100;
const MAX_PAGES = 10;        // result groups shown: each costs its page's documents ...
const MAX_SECTIONS = 3;      // ... and each section shown under it, its file of documents
const PREFIX = 0.7;          // a word typed is also the start of longer words ...
const TYPO = 0.3;            // ... or one edit away from the word meant: both rank lower
const MAX_EXTRA_SHARDS = 6;  // completions of a short word stop at this many more files

const loaded = Object.create(null);
self.__pkSearch = (key, data) => { loaded[key] = data; };

let base = "";
let parts = ["current"];
let latest = 0;              // the last query asked: an older one's late answer is dropped

async function load(keys) {
  const missing = [...new Set(keys)].filter(key => !(key in loaded));
  const urls = missing.map(key => `${base}${key}.js`);
  await Promise.all(typeof document === "undefined" ? urls.map(fetchFile) : urls.map(addScript));
}

async function fetchFile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const text = await response.text();
  const comma = text.indexOf(",");  // __pkSearch("key",{...});
  loaded[JSON.parse(text.slice(text.indexOf("(") + 1, comma))] =
    JSON.parse(text.slice(comma + 1, text.lastIndexOf(")")));
}

function addScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${url}: not loaded`));
    document.body.appendChild(script);
  });
}

// --- query words --------------------------------------------------------------------

function queryWords(query, meta) {
  const separator = new RegExp(meta.separator, "g");
  const stop = new Set(meta.stopWords);
  const seen = new Set();
  return query.toLowerCase().replace(/[*~^+]/g, " ").split(separator)
    .filter(word => word && !stop.has(word) && !seen.has(word) && seen.add(word));
}

function singular(word) {
  if (/ies$/.test(word)) return word.slice(0, -3) + "y";
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

function forgivesTypos(word) {
  return /^[a-z]{4,}$/.test(word);
}

// --- shards -------------------------------------------------------------------------

// The shard holding `term`: the longest listed prefix that starts it.
function shardOf(term, prefixes) {
  for (let length = term.length; length > 0; length--) {
    const found = prefixes.index.get(term.slice(0, length));
    if (found !== undefined) return found;
  }
  return undefined;
}

// Shards whose prefix is longer than `word` and starts with it (its completions).
function shardsAfter(word, prefixes) {
  const found = [];
  for (const [prefix, number] of prefixes.index)
    if (prefix.length > word.length && prefix.startsWith(word)) found.push(number);
  return found.length <= MAX_EXTRA_SHARDS ? found : [];
}

// Where the word, its singular and its completions live; with `typos`, where its one-edit
// neighbours live too. A typo after the first two letters stays in the word's shard; one
// in them mostly changes it: the word with its first letter dropped, its second dropped,
// or the two swapped are looked up too; a wrong or missing first or second letter is not.
function shardsFor(word, prefixes, typos) {
  const terms = [word, singular(word)];
  if (typos && forgivesTypos(word))
    terms.push(word.slice(1), word[0] + word.slice(2), word[1] + word[0] + word.slice(2));
  const found = terms.map(term => shardOf(term, prefixes));
  if (word.length >= 3) found.push(...shardsAfter(word, prefixes));
  return found.filter(number => number !== undefined);
}

// The shard files of `words` in every part searched.
function shardFiles(words, typos) {
  return parts.flatMap(part => words.flatMap(word => shardsFor(
    word, loaded[`${part}/meta`], typos.has(word)).map(number => shardKey(part, number))));
}

// Words found nowhere as typed (nor as the start of a longer word): worth a typo search.
function unmatched(words) {
  return words.filter(word => !parts.some(part => {
    const meta = loaded[`${part}/meta`];
    return shardsFor(word, meta, false).some(number => {
      const shard = loaded[shardKey(part, number)];
      return Object.keys(shard).some(term => quality(term, word) >= PREFIX);
    });
  }));
}

// A shard's file is named by its prefix, in hexadecimal UTF-8: `current/t/6f6666`.
function shardKey(part, number) {
  const prefix = loaded[`${part}/meta`].prefixes[number];
  const bytes = Array.from(new TextEncoder().encode(prefix));
  return `${part}/t/${bytes.map(byte => byte.toString(16).padStart(2, "0")).join("")}`;
}

function prefixTable(meta) {
  if (!meta.index) meta.index = new Map(meta.prefixes.map((prefix, number) => [prefix, number]));
  return meta;
}

// --- matching and scoring --------------------------------------------------------------

function oneEditApart(a, b) {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length)
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// How well index term `term` answers typed `word`: 1 as typed (or its singular), less
// for a longer word it starts, less again for a word one edit away; 0 not at all.
function quality(term, word) {
  if (term === word || term === singular(word)) return 1;
  if (word.length >= 3 && term.startsWith(word)) return PREFIX;
  if (forgivesTypos(word) && oneEditApart(term, word)) return TYPO;
  return 0;
}

// Each document's best weight for each word: Map "page:doc" -> {page, doc, best[], terms}.
function score(words, typos) {
  const hits = new Map();
  words.forEach((word, position) => {
    for (const part of parts) {
      const meta = loaded[`${part}/meta`];
      for (const number of new Set(shardsFor(word, meta, typos.has(word)))) {
        const shard = loaded[shardKey(part, number)];
        for (const term in shard) {
          const q = quality(term, word);
          if (q) collect(hits, shard[term], q, position, term, words.length);
        }
      }
    }
  });
  return hits;
}

// lunr's inverse document frequency: the index stores each term's document count first.
function idf(documentsWithTerm, total) {
  return Math.log(1 + Math.abs((total - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5)));
}

function collect(hits, postings, q, position, term, count) {
  const rarity = idf(postings[0], loaded["current/meta"].documents);
  for (let i = 1; i < postings.length; i += 3) {
    const key = `${postings[i]}:${postings[i + 1]}`;
    let hit = hits.get(key);
    if (!hit) {
      hit = { page: postings[i], doc: postings[i + 1], best: new Array(count).fill(0),
              terms: new Set() };
      hits.set(key, hit);
    }
    const weight = postings[i + 2] * rarity * q;
    if (weight > hit.best[position]) hit.best[position] = weight;
    hit.terms.add(term);
  }
}

// The theme's own post-boost: a page's own entry, and an entry matching more of the
// words, rise (score x (1 + boost^2)).
function finalScore(hit) {
  const matched = hit.best.filter(weight => weight > 0).length / hit.best.length;
  const sum = hit.best.reduce((total, weight) => total + weight, 0) / 1000;
  const boost = (hit.doc === 0 ? 1 : 0) + matched;
  return sum * (1 + boost * boost);
}

// --- results --------------------------------------------------------------------------

function escapeRegExp(text) {
  return text.replace(/[|\\{}()[\]^$+*?.-]/g, "\\$&");
}

// Marks the matched words in escaped HTML, outside tags and entities.
function highlight(markup, terms) {
  if (!terms.length) return markup;
  const pattern = new RegExp(`(^|[^\\w&])(${terms.map(escapeRegExp).join("|")})(?![\\w;])`, "gi");
  return markup.split(/(<[^>]*>)/).map(part => part.startsWith("<") ? part :
    part.replace(pattern, "$1<mark data-md-highlight>$2</mark>")).join("");
}

function item(doc, hit, words) {
  const terms = hit ? [...hit.terms] : [];
  const found = {};
  words.forEach((word, position) => { found[word] = !!hit && hit.best[position] > 0; });
  return { location: doc[0], title: highlight(doc[1], terms), text: highlight(doc[2], terms),
           score: hit ? finalScore(hit) : 0, terms: hit ? found : {} };
}

async function search(query) {
  await load(parts.map(part => `${part}/meta`));
  parts.forEach(part => prefixTable(loaded[`${part}/meta`]));
  const words = queryWords(query, loaded["current/meta"]);
  if (!words.length) return { items: [] };
  // The words' own shards first; their typo neighbours' only for words not found so.
  await load(shardFiles(words, new Set()));
  const typos = new Set(unmatched(words));
  if (typos.size) await load(shardFiles(words, typos));
  const ranked = [...score(words, typos).values()]
    .map(hit => ({ hit, score: finalScore(hit) }))
    .sort((a, b) => b.score - a.score);
  const groups = new Map();
  for (const { hit } of ranked) {
    if (!groups.has(hit.page) && groups.size >= MAX_PAGES) continue;
    if (!groups.has(hit.page)) groups.set(hit.page, []);
    const group = groups.get(hit.page);
    if (group.length < MAX_SECTIONS || hit.doc === 0) group.push(hit);
  }
  const chunk = loaded["current/meta"].chunk;
  const file = (page, doc) => `p/${page}-${Math.floor(doc / chunk)}`;
  const entry = (page, doc) => loaded[file(page, doc)][doc % chunk];
  await load([...groups].flatMap(([page, hits]) => [
    file(page, 0), ...hits.map(hit => file(page, hit.doc))]));
  const items = [...groups].map(([page, hits]) => {
    const shown = hits.map(hit => item(entry(page, hit.doc), hit, words));
    if (!hits.some(hit => hit.doc === 0)) shown.push(item(entry(page, 0), null, words));
    return shown;
  });
  const total = new Set(ranked.map(({ hit }) => hit.page)).size;
  return { items, total };
}

async function answer(message) {
  switch (message.type) {
    case SETUP:
      base = message.data.base;
      parts = message.data.superseded ? ["current", "superseded"] : ["current"];
      await load(parts.map(part => `${part}/meta`));
      return { type: READY };
    case OPTIONS:
      parts = message.data.superseded ? ["current", "superseded"] : ["current"];
      return null;
    case QUERY: {
      const asked = ++latest;
      try {
        const data = await search(message.data);
        return asked === latest ? { type: RESULT, data } : null;
      } catch (error) {
        console.warn("policykit search:", error);
        return { type: RESULT, data: { items: [] } };
      }
    }
    default:
      return null;
  }
}

addEventListener("message", async event => {
  const reply = await answer(event.data);
  if (reply) postMessage(reply);
});
