
function render({ model, el }) {
  const row = document.createElement("div");
  row.className = "kit-guess";
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = "text";
  input.inputMode = "decimal";
  input.autocomplete = "off";
  input.id = `kit-guess-${Math.random().toString(36).slice(2)}`;
  label.htmlFor = input.id;
  const range = document.createElement("span");
  range.className = "kit-guess-range";
  range.id = `${input.id}-range`;
  input.setAttribute("aria-describedby", range.id);
  const button = document.createElement("button");
  button.type = "button";
  const message = document.createElement("p");
  message.className = "kit-guess-message";
  message.setAttribute("role", "status");
  message.setAttribute("aria-live", "polite");
  row.append(label, input, range, button, message);
  el.append(row);
  function sync() {
    label.textContent = model.get("label");
    range.textContent = model.get("range_text");
    button.textContent = model.get("button_label");
    message.textContent = model.get("message");
    input.disabled = button.disabled = model.get("disabled");
    if (input.value !== model.get("value")) input.value = model.get("value");
  }
  function reveal() {
    model.set("value", input.value);
    model.save_changes();
    model.send({ event: "reveal", value: input.value });
  }
  input.addEventListener("input", () => { model.set("value", input.value); model.save_changes(); });
  input.addEventListener("keydown", (event) => {
    // Keys typed here are the learner's, not JupyterLab's (Enter would run the cell).
    event.stopPropagation();
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); reveal(); }
  });
  button.addEventListener("click", reveal);
  sync();
  model.on("change", sync);
}
export default { render };
