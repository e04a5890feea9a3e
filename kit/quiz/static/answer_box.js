// The browser side of kit.quiz.controls.AnswerBox (an anywidget ES module).
function render({ model, el }) {
  const label = document.createElement("label");
  label.className = "kit-answer-label";
  const caption = document.createElement("span");
  const input = document.createElement("input");
  input.type = "text";
  input.autocomplete = "off";
  input.spellcheck = false;
  label.append(caption, input);
  el.append(label);
  function sync() {
    caption.textContent = model.get("description");
    input.placeholder = model.get("placeholder");
    input.disabled = model.get("disabled");
    if (input.value !== model.get("value")) input.value = model.get("value");
  }
  input.addEventListener("input", () => { model.set("value", input.value); model.save_changes(); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      event.stopPropagation();  // Enter must not also run the notebook cell
      model.set("value", input.value);
      model.save_changes();
      model.send({ event: "submit", value: input.value });
    }
  });
  sync();
  for (const name of ["value", "description", "placeholder", "disabled"]) {
    model.on(`change:${name}`, sync);
  }
}
export default { render };
