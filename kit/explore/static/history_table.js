
function fmt(v, key) {
  if (v === null || v === undefined || (typeof v === "number" && isNaN(v))) return "–";
  if (typeof v === "number") {
    if (key.includes("share")) return Math.round(v * 100) + "%";
    if (Number.isInteger(v)) return v.toLocaleString("en");
    return Number(v.toPrecision(3)).toString();
  }
  return String(v);
}
function render({ model, el }) {
  const wrap = document.createElement("div");
  wrap.className = "kit-history";
  el.append(wrap);
  function draw() {
    const columns = model.get("columns");
    const rows = model.get("rows");
    const pinned = new Set(model.get("pinned"));
    const live = model.get("live");
    // A keyboard learner keeps their place: the control that had the focus (a #n button or
    // a pin box) has it again in the redrawn table.
    const active = wrap.contains(document.activeElement) ? document.activeElement : null;
    const keep = active && active.closest("tr")
      ? { run: active.closest("tr").dataset.run, cls: active.className }
      : null;
    wrap.replaceChildren();
    if (!rows.length) { wrap.textContent = "No runs yet."; return; }
    const table = document.createElement("table");
    const caption = document.createElement("caption");
    caption.textContent = model.get("caption");
    table.append(caption);
    const head = table.createTHead().insertRow();
    for (const label of ["run", "pin", ...columns.map((c) => c[1])]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = label;
      head.append(th);
    }
    const body = table.createTBody();
    for (const row of rows.slice().reverse()) {
      const tr = body.insertRow();
      tr.dataset.run = row.run;
      if (row.run === live) tr.classList.add("kit-history-live");
      if (pinned.has(row.run)) tr.classList.add("kit-history-pinned");
      const show = document.createElement("button");
      show.className = "kit-history-show";
      show.textContent = "#" + row.run;
      show.title = "bring run " + row.run + " back";
      show.setAttribute("aria-label", "bring run " + row.run + " back");
      show.addEventListener("click", () => model.send({ event: "restore", run: row.run }));
      tr.insertCell().append(show);
      const pin = document.createElement("input");
      pin.type = "checkbox";
      pin.className = "kit-history-pin";
      pin.checked = pinned.has(row.run);
      pin.setAttribute("aria-label", "pin run " + row.run);
      pin.addEventListener("change", () => model.send({ event: "pin", run: row.run }));
      tr.insertCell().append(pin);
      for (const [key] of columns) {
        const td = tr.insertCell();
        td.textContent = fmt(row[key], key);
      }
    }
    wrap.append(table);
    if (keep) {
      const again = table.querySelector(`tr[data-run="${keep.run}"] .${keep.cls}`);
      if (again) again.focus();
    }
  }
  draw();
  for (const name of ["rows", "columns", "pinned", "live", "caption"]) {
    model.on("change:" + name, draw);
  }
}
export default { render };
