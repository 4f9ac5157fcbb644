// While a build runs, ask the server how far it got and reload when it is done.
// Page counts not known when the page was made are asked for once each thumbnail has loaded.
(function () {
  var box = document.getElementById("build-state");
  if (box && box.getAttribute("data-state") === "running") {
    var poll = function () {
      fetch("build/status", {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
        if (s.state === "running") {
          box.textContent = "正在" + s.phase + "……已用 " + Math.round(s.elapsed) + " 秒";
          setTimeout(poll, 700);
        } else {
          window.location.reload();
        }
      }).catch(function () { setTimeout(poll, 2000); });
    };
    poll();
  }
  var items = document.querySelectorAll("li.doc");
  Array.prototype.forEach.call(items, function (li) {
    var img = li.querySelector("img.thumb"), pages = li.querySelector(".pages");
    if (!img || !pages) return;
    var tries = 0, base = img.getAttribute("src");
    var noPreview = function (why) {
      var span = document.createElement("span");
      span.className = "thumb none";
      span.textContent = "无预览";
      if (why) span.title = why;
      img.parentNode.replaceChild(span, img);
    };
    // 503: LibreOffice is busy with another document; ask again. Anything else: no preview.
    img.addEventListener("error", function () {
      fetch(pages.getAttribute("data-info"), {credentials: "same-origin"}).then(function (r) {
        if (r.status === 503 && tries < 300) {
          tries += 1;
          setTimeout(function () { img.src = base + "?try=" + tries; }, 2000);
        } else if (r.ok) {
          img.src = base + "?try=" + (++tries);
        } else {
          r.json().then(function (s) { noPreview(s.message); }, function () { noPreview(""); });
        }
      }).catch(function () { noPreview(""); });
    });
    if (pages.textContent.trim()) return;
    img.addEventListener("load", function () {
      fetch(pages.getAttribute("data-info"), {credentials: "same-origin"}).then(function (r) { return r.json(); })
        .then(function (s) { if (s.pages) pages.textContent = "共 " + s.pages + " 页"; });
    });
  });
})();
