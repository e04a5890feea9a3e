// The browser side of kit.quiz.controls.ChoiceGroup (an anywidget ES module); typeset.js and unique_id.js come first.
function render({ model, el }) {
  const name = uniqueId("kit-choice");  // a name shared with another question joins groups
  const fieldset = document.createElement("fieldset");
  fieldset.className = "kit-choices";
  const legend = document.createElement("legend");
  const list = document.createElement("div");
  fieldset.append(legend, list);
  el.append(fieldset);
  let inputs = [];
  function sync() {
    const chosen = new Set(model.get("selected"));
    const disabled = model.get("disabled");
    inputs.forEach((input, i) => { input.checked = chosen.has(i); input.disabled = disabled; });
  }
  function build() {
    legend.textContent = model.get("legend");
    // the group is named by its question ("Which activity builds trust fastest? Choose
    // one"), not only by "Choose one:"
    if (model.get("name")) fieldset.setAttribute("aria-label", model.get("name"));
    else fieldset.removeAttribute("aria-label");
    list.replaceChildren();
    inputs = [];
    const multiple = model.get("multiple");
    model.get("options").forEach((option, i) => {
      const label = document.createElement("label");
      label.className = "kit-choice";
      const input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = name;
      input.value = String(i);
      input.addEventListener("change", () => {
        const selected = inputs.filter((x) => x.checked).map((x) => Number(x.value));
        model.set("selected", selected);
        model.save_changes();
        model.send({ event: "choose", value: selected });  // see _ChoiceInput
      });
      const text = document.createElement(option.code ? "code" : "span");
      text.className = option.code ? "kit-choice-code" : "kit-choice-text";
      if (option.code) text.textContent = option.label;
      else text.append(inlineMarkup(option.label));  // the Markdown subset, never HTML
      label.append(input, text);
      list.append(label);
      inputs.push(input);
    });
    sync();
    typeset(model, list);
  }
  build();
  model.on("change:options", build);
  model.on("change:multiple", build);
  model.on("change:legend", () => { legend.textContent = model.get("legend"); });
  model.on("change:selected", sync);
  model.on("change:disabled", sync);
}
export default { render };
