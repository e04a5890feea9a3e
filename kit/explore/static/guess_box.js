
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
  // the prediction's result ("your guess vs the simulation") is read out when it appears
  let tries = 0;
  const live = () => {
    const result = el.closest(".kit-prediction")?.querySelector(".kit-prediction-result");
    if (!result) { if (tries++ < 100) requestAnimationFrame(live); return; }
    result.setAttribute("role", "status");
    result.setAttribute("aria-live", "polite");
  };
  live();
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
  // The kernel moves the focus ({focus: "guess" | "again"}): to the emptied box after
  // "Predict again", to the "Predict again" button after a reveal (the box and Reveal are
  // disabled then, and a disabled control drops the focus to the page body).
  model.on("msg:custom", (content) => {
    if (!content || !content.focus) return;
    let tries = 0;
    const attempt = () => {
      let target = input;
      if (content.focus === "again") {
        const widget = el.closest(".kit-prediction");
        target = widget && [...widget.querySelectorAll("button")].find(
          (b) => b.textContent.trim().startsWith("Predict again") && b.offsetParent !== null);
      }
      if (target && !target.disabled && target.offsetParent !== null) {
        target.focus();
        if (document.activeElement === target) return;
      }
      if (tries++ < 40) setTimeout(attempt, 50);
    };
    setTimeout(attempt, 30);
  });
  // The revealed figure keeps to the cell's width (keepFiguresFitted, fit_figures.js).
  let fitTries = 0;
  const fit = () => {
    const widget = el.closest(".kit-prediction");
    if (widget) keepFiguresFitted(widget);
    else if (fitTries++ < 100) requestAnimationFrame(fit);
  };
  fit();
}
export default { render };
