// The studio's own bar under Decap CMS: who is logged in, whether the portal is live, and logging out.
(() => {
  const bar = document.createElement("div");
  bar.id = "ct-studio-bar";
  bar.setAttribute("role", "status");
  bar.style.cssText = "position:fixed;right:.75rem;bottom:.75rem;z-index:9999;background:#1b2430;color:#fff;" +
    "font:14px/1.4 system-ui,sans-serif;padding:.5rem .75rem;border-radius:.4rem;max-width:28rem;box-shadow:0 2px 6px rgba(0,0,0,.3)";
  const who = document.createElement("span");
  const state = document.createElement("span");
  state.id = "ct-studio-state";
  const out = document.createElement("button");
  out.type = "button";
  out.textContent = "Đăng xuất";
  out.style.cssText = "margin-left:.75rem;font:inherit;background:#fff;color:#1b2430;border:0;border-radius:.3rem;padding:.15rem .5rem;cursor:pointer";
  out.addEventListener("click", async () => {
    await fetch("/api/logout", {method: "POST"});
    location.assign("/dang-nhap");
  });
  bar.append(who, state, out);
  document.body.append(bar);

  fetch("/api/me").then(r => r.ok ? r.json() : null).then(me => {
    if (me) who.textContent = `${me.display_name} (${me.role === "duyet" ? "duyệt, đăng bài" : "biên tập"}) · `;
  });
  async function refresh() {
    const response = await fetch("/api/status").catch(() => null);
    if (!response || !response.ok) return;
    const status = await response.json();
    state.textContent = status.text;
    state.dataset.state = status.state;
    setTimeout(refresh, status.state === "building" ? 2000 : 10000);
  }
  refresh();
})();
