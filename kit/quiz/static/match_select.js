// The browser side of kit.quiz.controls.MatchSelect (an anywidget ES module); unique_id.js comes first.
function render({ model, el }) {
  // The caption is a <label for=...> beside the select, not around it: a wrapping label
  // would add the chosen option's text to the select's accessible name.
  const row = document.createElement("div");
  row.className = "kit-match-label";
  const caption = document.createElement("label");
  caption.className = "kit-match-caption";
  const select = document.createElement("select");
  select.id = uniqueId("kit-match");
  caption.htmlFor = select.id;
  row.append(caption, select);
  el.append(row);
  function build() {
    select.replaceChildren();
    for (const [text, value] of model.get("options")) {
      const option = document.createElement("option");
      option.textContent = text;
      option.value = value;
      select.append(option);
    }
    sync();
  }
  function sync() {
    caption.textContent = model.get("description");
    select.disabled = model.get("disabled");
    if (select.value !== model.get("value")) select.value = model.get("value");
  }
  select.addEventListener("change", () => {
    model.set("value", select.value);
    model.save_changes();
    model.send({ event: "choose", value: select.value });  // see _ChoiceInput
  });
  build();
  model.on("change:options", build);
  for (const name of ["value", "description", "disabled"]) model.on(`change:${name}`, sync);
}
export default { render };
