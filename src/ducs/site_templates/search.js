/* ducs data site: search over the bundled index (static/search-index.js), no network. */
(function () {
  "use strict";
  var entries = window.DUCS_SEARCH || [];
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !results) { return; }
  var lang = document.documentElement.lang === "vi" ? "vi" : "en";
  var up = document.body.getAttribute("data-up") || "";
  var kinds = {
    vi: { indicator: "chỉ số", province: "tỉnh, thành phố", session: "phiên họp" },
    en: { indicator: "indicator", province: "province", session: "session" }
  };

  // The same folding as ducs.text.fold: no marks, đ → d, lower case, single spaces.
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/-/g, " - ").replace(/\s+/g, " ").trim();
  }

  function search(query) {
    var words = fold(query).split(" ").filter(function (w) { return w && w !== "-"; });
    if (!words.length) { return []; }
    var found = entries.filter(function (entry) {
      return words.every(function (w) { return entry.terms.indexOf(w) !== -1; });
    });
    var order = { province: 0, indicator: 1, session: 2 };
    found.sort(function (a, b) { return order[a.kind] - order[b.kind] || (a[lang] < b[lang] ? -1 : 1); });
    return found.slice(0, 50);
  }

  function show(query) {
    var found = search(query);
    results.textContent = "";
    found.forEach(function (entry) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = up + entry.path;
      a.textContent = entry[lang];
      var what = document.createElement("span");
      what.className = "what";
      what.textContent = " — " + kinds[lang][entry.kind];
      li.appendChild(a);
      li.appendChild(what);
      results.appendChild(li);
    });
    status.textContent = query.trim() && !found.length ? status.getAttribute("data-none") : "";
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
  input.addEventListener("input", function () { show(input.value); });
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); show(input.value); }
}());
