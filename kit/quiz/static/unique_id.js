// Helper prepended to the controls that need ids unique in the page (see kit/quiz/controls.py).
function uniqueId(prefix) {
  // Unique in the page: the module may be evaluated once per widget (a module counter would
  // restart) and two widgets may render in the same millisecond.
  return `${prefix}-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
}
