// While a build runs, ask the server how far it got and reload when it is done.
(function () {
  var box = document.getElementById("build-state");
  if (!box || box.getAttribute("data-state") !== "running") return;
  function poll() {
    fetch("build/status", {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.state === "running") {
        box.textContent = "正在" + s.phase + "……已用 " + s.elapsed + " 秒";
        setTimeout(poll, 700);
      } else {
        window.location.reload();
      }
    }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
