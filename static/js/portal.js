// The portal works without JavaScript; this file only makes it quicker to use.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Chained selects: region -> district/city -> town, village or rural district.
  function fill(select, items) {
    var keep = select.options.length ? select.options[0].cloneNode(true) : null;
    select.innerHTML = "";
    if (keep) { keep.value = ""; select.appendChild(keep); }
    items.forEach(function (item) {
      var opt = document.createElement("option");
      opt.value = item.id;
      opt.textContent = item.name; // textContent: names are data, never markup
      select.appendChild(opt);
    });
    select.disabled = items.length === 0;
  }

  function clearBelow(form, select) {
    var next = select.getAttribute("data-next");
    while (next) {
      var el = form.querySelector('[data-chain="' + next + '"]');
      if (!el) break;
      fill(el, []);
      next = el.getAttribute("data-next");
    }
  }

  document.querySelectorAll("form[data-children-url]").forEach(function (form) {
    var url = form.getAttribute("data-children-url");
    form.querySelectorAll("select[data-next]").forEach(function (select) {
      select.addEventListener("change", function () {
        clearBelow(form, select);
        var target = form.querySelector('[data-chain="' + select.getAttribute("data-next") + '"]');
        if (!target || !select.value) return;
        fetch(url + "?parent=" + encodeURIComponent(select.value), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (data) { fill(target, data.items); });
      });
    });
    form.querySelectorAll("select[data-chain]").forEach(function (s) {
      if (s.options.length <= 1) s.disabled = true;
    });
  });

  // The language switcher and the simulated gateway's hand-back submit by themselves.
  document.querySelectorAll("form[data-autosubmit-on-change] select").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
  document.querySelectorAll("form[data-autosubmit]").forEach(function (f) { f.submit(); });

  // Countdowns: the server's working-day count stays; the hours to the due instant tick.
  function tick() {
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      var ms = new Date(el.getAttribute("data-due")).getTime() - Date.now();
      var hint = el.querySelector(".hours") || el.appendChild(document.createElement("span"));
      hint.className = "hours muted";
      if (ms <= 0) { hint.textContent = ""; return; }
      var h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000);
      hint.textContent = " (" + h + " h " + m + " min)";
    });
  }
  tick();
  setInterval(tick, 30000);
})();
