// The studio's additions to Decap CMS: Vietnamese for what decap-cms-locales' «vi» leaves in English or cuts
// short, then its own bar: who is logged in, whether the portal is live, and logging out.
(() => {
  const merge = (base, extra) => Object.fromEntries(Object.entries({...base, ...extra}).map(([key, value]) =>
    [key, typeof value === "object" && typeof base[key] === "object" ? merge(base[key], value) : value]));
  CMS.registerLocale("vi", merge(CMS.getLocale("vi"), {
    collection: {
      collectionTop: {viewAs: "Xem dạng", viewAsList: "Xem dạng danh sách", viewAsGrid: "Xem dạng lưới", groupBy: "Nhóm theo"},
      entries: {unpublishedHeader: "Bài chưa đăng"},
      groups: {other: "Khác", negateLabel: "Không phải %{label}"},
    },
    editor: {
      editorControl: {field: {widgetLabel: "Ô %{widgetLabel}"}},
      editorInterface: {togglePreview: "Ẩn/hiện xem trước", toggleScrollSync: "Cuộn cùng nhau"},
      editorToolbar: {
        status: "Trạng thái: %{status}", inReview: "Chờ duyệt", ready: "Sẵn sàng đăng",
        statusInfoTooltipDraft: "Bài đang là bản nháp. Viết xong, hãy chuyển trạng thái sang «Chờ duyệt» để gửi Ban biên tập.",
        statusInfoTooltipInReview: "Bài đang chờ Ban biên tập duyệt. Bạn vẫn sửa tiếp được trong lúc chờ.",
      },
      editorWidgets: {
        markdown: {
          bold: "In đậm", italic: "In nghiêng", strikethrough: "Gạch ngang", code: "Mã", link: "Liên kết",
          linkPrompt: "Nhập địa chỉ của liên kết", headings: "Tiêu đề", quote: "Trích dẫn", bulletedList: "Danh sách chấm",
          numberedList: "Danh sách số", addComponent: "Chèn thành phần",
          toggleMode: {rich: "Chuyển sang soạn thảo định dạng", markdown: "Chuyển sang Markdown"},
        },
        image: {chooseMultiple: "Chọn các hình", addMore: "Thêm hình", removeAll: "Gỡ bỏ mọi hình"},
        file: {chooseMultiple: "Chọn các tập tin", addMore: "Thêm tập tin", removeAll: "Gỡ bỏ mọi tập tin"},
        datetime: {setToNow: "Đặt %{fieldLabel} là lúc này"},
        list: {add: "Thêm %{item}", addType: "Thêm %{item}"},
        object: {expand: "Mở ra", collapse: "Thu gọn"},
      },
    },
    mediaLibrary: {
      mediaLibraryCard: {copy: "Chép", copyUrl: "Chép địa chỉ", copyPath: "Chép đường dẫn", copyName: "Chép tên", copied: "Đã chép"},
      mediaLibraryModal: {close: "Đóng"},
    },
    ui: {settingsDropdown: {account: "Tài khoản"}},
    workflow: {
      workflow: {dateFormat: "DD/MM/YYYY"},  // «D MMMM» writes English month names
      workflowList: {inReviewHeader: "Chờ duyệt", readyHeader: "Sẵn sàng đăng"},
    },
  }));

  // Decap's proxy backend lists a collection in one answer and Decap renders every entry: 4,000 cards at
  // 5,000 items. Decap pages a list when the backend attaches a cursor to its answer, which the proxy backend
  // does not. The studio's server answers «entriesByFolderPage»: the proxy backend is wrapped so that a list
  // shows its first page and Decap loads the next as staff scroll, while search, sorting, filters and groups
  // still read every entry («allEntriesByFolder»).
  const proxy = CMS.getBackend("proxy");
  const makeProxy = proxy.init;
  let cursors;
  async function cursorKit() {
    // Decap's Cursor class and the symbol its backends attach a cursor with are not exported; its test
    // backend attaches one to every answer. decap-cms is pinned, and the browser test scrolls a long list.
    if (!cursors) {
      const probe = await CMS.getBackend("test-repo").init({}, {}).entriesByFolder("", "md", 1);
      const symbol = Object.getOwnPropertySymbols(probe)[0];
      cursors = {symbol, Cursor: probe[symbol].constructor};
    }
    return cursors;
  }
  proxy.init = (...args) => {
    const backend = makeProxy(...args);
    async function page(folder, extension, depth, index) {
      const {symbol, Cursor} = await cursorKit();
      const answer = await backend.request({
        action: "entriesByFolderPage", params: {branch: backend.branch, folder, extension, depth, page: index},
      });
      const last = Math.max(0, Math.ceil(answer.count / answer.pageSize) - 1);
      const cursor = Cursor.create({
        actions: [...(index < last ? ["next", "last"] : []), ...(index > 0 ? ["prev", "first"] : [])],
        meta: {index, count: answer.count, pageSize: answer.pageSize, pageCount: last},
        data: {folder, extension, depth, index, last},
      });
      return {entries: answer.entries, cursor, symbol};
    }
    backend.entriesByFolder = async (folder, extension, depth) => {
      const {entries, cursor, symbol} = await page(folder, extension, depth, 0);
      entries[symbol] = cursor;
      return entries;
    };
    backend.allEntriesByFolder = (folder, extension, depth) =>
      backend.request({action: "entriesByFolder", params: {branch: backend.branch, folder, extension, depth}});
    backend.traverseCursor = async (cursor, action) => {
      const {folder, extension, depth, index, last} = cursor.data.toJS();
      const wanted = {next: index + 1, prev: index - 1, first: 0, last}[action] ?? 0;
      const {entries, cursor: moved} = await page(folder, extension, depth, wanted);
      return {entries, cursor: moved};
    };
    return backend;
  };

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
  async function logOut() {
    await fetch("/api/logout", {method: "POST"});
    location.assign("/dang-nhap");
  }
  out.addEventListener("click", logOut);
  // Decap's own «Đăng xuất» (its account menu) only forgets its stored user: end the studio's session too.
  const forget = Storage.prototype.removeItem;
  Storage.prototype.removeItem = function (key) {
    forget.call(this, key);
    if (key === "decap-cms-user") logOut();
  };
  const work = document.createElement("a");
  work.href = "/cong-viec";
  work.textContent = "Công việc";
  work.style.cssText = "margin-left:.75rem;color:#fff;font-weight:600";
  bar.append(who, state, work, out);
  document.body.append(bar);

  fetch("/api/me").then(r => r.ok ? r.json() : null).then(me => {
    if (!me) return;
    who.textContent = `${me.display_name} (${me.role === "duyet" ? "duyệt, đăng bài" : "biên tập"}) · `;
    if (me.role !== "duyet") hidePublishing();
  });
  // Only the head of the board publishes (the server refuses anyone else): a writer is not offered
  // Decap's «Công bố» in the editor's toolbar nor on the workflow board's cards. The classes are the
  // targets Decap 3.16.3 gives those two buttons (PublishButton); decap-cms is pinned and the browser
  // test checks that a writer's toolbar has the button, hidden.
  function hidePublishing() {
    const style = document.createElement("style");
    style.textContent = ".e1d2l9mo5, .ewffzyy1 { display: none !important; }";
    document.head.append(style);
  }
  let next;
  async function refresh() {
    clearTimeout(next);
    const response = await fetch("/api/status").catch(() => null);
    if (!response || !response.ok) return;
    const status = await response.json();
    state.textContent = status.text;
    state.dataset.state = status.state;
    next = setTimeout(refresh, status.state === "building" ? 2000 : 10000);
  }
  refresh();
  // A publication starts a rebuild: show it now rather than at the next poll.
  CMS.registerEventListener({name: "postPublish", handler: () => { refresh(); }});

  // The configuration is in the page, so Decap fetches no config.yml («load_config_file: false»).
  const config = JSON.parse(document.getElementById("ct-decap-config").textContent);
  CMS.init({config: {...config, load_config_file: false}});
})();
