// policykit: search as officers type. Loaded before the theme, it wraps the Worker the
// theme's search runs in and rewrites each query before lunr reads it:
// - a clause address `2-55-4.A.2` becomes `2_55_4.A.2` (lunr's query parser splits at
//   hyphens; toolkit/site/search.py indexes each clause's address in that form);
// - each plain word also asks for lunr's "one edit away" form (`escalaton~1`), and a
//   plural for its singular (`officers` finds "an officer"); a word spelled as typed
//   matches every form, so exact hits still rank first.
(function () {
  "use strict";
  var Base = window.Worker;
  var QUERY = 2; // mkdocs-material 9.x: SearchMessageType.QUERY
  if (typeof Base !== "function") return;

  var ADDRESS = /^\d+(?:-\d+)+(?:\.[A-Za-z0-9]+)*\.?$/;

  function forgiving(query) {
    var words = query.trim().split(/\s+/).map(function (word) {
      return ADDRESS.test(word) ? word.replace(/\.$/, "").replace(/-/g, "_") : word;
    });
    if (/["+\-~^*:]/.test(words.join(" "))) return words.join(" "); // lunr syntax: leave it
    var plain = words.filter(function (word) { return /^[A-Za-z]{4,}$/.test(word); });
    var typos = plain.map(function (word) { return word + "~1"; });
    var singulars = plain.map(singular).filter(function (word, index) {
      return word !== plain[index];
    });
    return words.concat(singulars, typos).join(" ");
  }

  function singular(word) {
    if (/ies$/i.test(word)) return word.slice(0, -3) + "y";
    if (/[^s]s$/i.test(word)) return word.slice(0, -1);
    return word;
  }

  function ForgivingWorker(url, options) {
    var worker = new Base(url, options);
    var post = worker.postMessage.bind(worker);
    worker.postMessage = function (message, transfer) {
      if (message && message.type === QUERY && typeof message.data === "string")
        message = { type: QUERY, data: forgiving(message.data) };
      return transfer === undefined ? post(message) : post(message, transfer);
    };
    return worker;
  }
  ForgivingWorker.prototype = Base.prototype;
  window.Worker = ForgivingWorker;
  window.__pkForgivingQuery = forgiving;
})();
