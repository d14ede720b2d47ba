// The work page: lists from /api/cong-viec, the statistics links, the TTHC sheet upload.
(() => {
  const columns = {
    scheduled: ["Tin bài", "Đăng lúc", "Tác giả"],
    imports: ["Bản nhập", "Lúc", "Người nhập"],
    default: ["Bài", "Mục", "Trạng thái", "Sửa lần cuối", "Người sửa"],
  };
  const kinds = {news: "Tin bài", documents: "Văn bản", procedures: "Thủ tục", pages: "Trang"};
  let mayPublish = false;

  function table(name, items) {
    const holder = document.querySelector(`[data-list="${name}"]`);
    holder.replaceChildren();
    if (!items.length) {
      const empty = document.createElement("p");
      empty.className = "trong";
      empty.textContent = "Không có.";
      holder.append(empty);
      return;
    }
    const head = columns[name] || columns.default;
    const grid = document.createElement("table");
    const row = grid.createTHead().insertRow();
    head.forEach(text => { const cell = document.createElement("th"); cell.scope = "col"; cell.textContent = text; row.append(cell); });
    if (name === "imports" && mayPublish) row.append(document.createElement("th"));
    const body = grid.createTBody();
    for (const item of items) {
      const line = body.insertRow();
      const cells = name === "scheduled" ? [item.title, item.when, item.who]
        : name === "imports" ? [item.title, item.when, item.who]
        : [item.title, kinds[item.kind] || item.kind, item.state, item.when, item.who];
      cells.forEach(text => { line.insertCell().textContent = text; });
      if (name === "imports" && mayPublish) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = "Duyệt và đăng";
        button.addEventListener("click", () => publishImport(item.key));
        line.insertCell().append(button);
      }
    }
    holder.append(grid);
  }

  async function load() {
    const response = await fetch("/api/cong-viec");
    if (response.status === 401) { location.assign("/dang-nhap"); return; }
    const data = await response.json();
    mayPublish = data.may_publish;
    for (const [name, items] of Object.entries(data.lists)) {
      if (document.querySelector(`[data-list="${name}"]`)) table(name, items);
    }
    const select = document.getElementById("ky");
    select.replaceChildren(...data.periods.map(p => new Option(p.label, p.code)));
    links();
    document.body.dataset.loaded = "1";
  }

  function links() {
    const code = encodeURIComponent(document.getElementById("ky").value);
    document.getElementById("tai-word").href = `/api/thong-ke?ky=${code}&dinh-dang=docx`;
    document.getElementById("tai-excel").href = `/api/thong-ke?ky=${code}&dinh-dang=xlsx`;
  }
  document.getElementById("ky").addEventListener("change", links);

  async function sheet(apply) {
    const file = document.getElementById("bang-tinh").files[0];
    const out = document.getElementById("ket-qua");
    out.hidden = false;
    if (!file) { out.textContent = "Hãy chọn tệp bảng tính trước."; return; }
    out.textContent = "Đang đọc bảng tính…";
    const force = document.getElementById("ghi-de").checked ? "1" : "0";
    const response = await fetch(`/api/tthc?ap-dung=${apply ? 1 : 0}&ghi-de=${force}`, {
      method: "POST", headers: {"X-File-Name": encodeURIComponent(file.name)}, body: file,
    });
    const data = await response.json();
    if (!response.ok) { out.textContent = data.error; return; }
    const lines = data.lines.join("\n");
    out.textContent = apply
      ? (data.branch ? `Đã tạo bản chờ duyệt «${data.branch}».\n\n${lines}` : `Bảng tính không thay đổi gì.\n\n${lines}`)
      : lines || "Bảng tính không thay đổi gì.";
    if (apply) load();
  }
  document.getElementById("xem-truoc").addEventListener("click", () => sheet(false));
  document.getElementById("ap-dung").addEventListener("click", () => sheet(true));

  async function publishImport(branch) {
    const out = document.getElementById("ket-qua");
    out.hidden = false;
    const response = await fetch("/api/tthc/dang", {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({branch}),
    });
    const data = await response.json();
    out.textContent = response.ok ? data.message : data.error;
    load();
  }

  async function status() {
    const response = await fetch("/api/status").catch(() => null);
    if (response && response.ok) document.getElementById("trang-thai").textContent = (await response.json()).text;
  }
  load();
  status();
})();
