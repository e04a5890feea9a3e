// Helper prepended to the controls that typeset math (see kit/quiz/controls.py).
function typeset(model, el) {
  // Reuse JupyterLab's own MathJax (the one HTMLMath uses); without it TeX stays as text.
  requestAnimationFrame(() => {
    try {
      const rendermime = model.widget_manager && model.widget_manager._rendermime;
      const typesetter = rendermime && rendermime.latexTypesetter;
      if (typesetter) typesetter.typeset(el);
    } catch (err) {
      console.warn("kit.quiz: could not typeset math", err);
    }
  });
}
