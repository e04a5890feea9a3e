
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "kit-code";
  const label = document.createElement("label");
  label.textContent = "scenario code ";
  const code = document.createElement("input");
  code.type = "text"; code.readOnly = true; code.className = "kit-code-text";
  code.setAttribute("aria-label", "scenario code of the live run");
  label.append(code);
  const copy = document.createElement("button");
  copy.className = "kit-code-copy"; copy.textContent = "Copy";
  const said = document.createElement("span");
  said.className = "kit-code-said"; said.setAttribute("role", "status");
  copy.addEventListener("click", async () => {
    const text = model.get("code");
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {  // no clipboard permission: copy the selection the old way
      code.select(); document.execCommand("copy");
    }
    said.textContent = "copied";
    box.dataset.copied = text;
    setTimeout(() => { said.textContent = ""; }, 2000);
  });
  code.addEventListener("focus", () => code.select());
  const sync = () => {
    code.value = model.get("code");
    code.size = Math.max(20, code.value.length);
  };
  sync();
  model.on("change:code", sync);
  box.append(label, copy, said);
  el.append(box);
}
export default { render };
