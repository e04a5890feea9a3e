
function render({ model, el }) {
  const wrap = document.createElement("div");
  wrap.className = "kit-metric-menu";
  const label = document.createElement("label");
  const caption = document.createElement("span");
  const select = document.createElement("select");
  label.append(caption, select);
  wrap.append(label);
  el.append(wrap);
  function build() {
    select.replaceChildren();
    for (const [heading, items] of model.get("groups")) {
      const group = document.createElement("optgroup");
      group.label = heading;
      for (const [text, value] of items) {
        const option = document.createElement("option");
        option.textContent = text;
        option.value = value;
        group.append(option);
      }
      select.append(group);
    }
    sync();
  }
  function sync() {
    caption.textContent = model.get("description");
    if (select.value !== model.get("value")) select.value = model.get("value");
  }
  select.addEventListener("change", () => {
    model.set("value", select.value);
    model.save_changes();
  });
  select.addEventListener("keydown", (event) => {
    if (event.key.startsWith("Arrow") || event.key === " " || event.key === "Enter")
      event.stopPropagation();
  });
  build();
  model.on("change:groups", build);
  model.on("change:value", sync);
  model.on("change:description", sync);
}
export default { render };
