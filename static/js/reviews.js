// The weekly review form: autosave states, retries, conflicts and expired sessions.
// Without this file the form still saves and submits with plain POSTs.
(() => {
  const form = document.querySelector("form[data-autosave]");
  const RETRY_MS = [2000, 5000, 10000, 30000];
  let retries = 0;
  let retryTimer = null;

  const stateBox = () => document.getElementById("review-save-state");
  const storageKey = form ? `runpath:${form.dataset.autosave}` : null;

  function show(state, html) {
    const box = stateBox();
    if (!box) return;
    box.dataset.state = state;
    box.innerHTML = `<p class="save-line ${state === "saving" ? "muted" : "bad"}">${html}</p>`;
  }

  if (!form) return;

  // "Changes save as you type" is only true with this file running; the page hides it otherwise.
  function showAutosaveHint() {
    for (const hint of form.querySelectorAll("[data-autosave-hint]")) hint.hidden = false;
  }
  showAutosaveHint();
  form.addEventListener("htmx:afterSwap", showAutosaveHint);

  // A copy of the text in this browser: a crash or closed tab never loses a review.
  function keepCopy() {
    const data = Object.fromEntries(
      [...new FormData(form)].filter(([name]) => name !== "csrfmiddlewaretoken"),
    );
    try {
      localStorage.setItem(storageKey, JSON.stringify(data));
    } catch (error) {
      // Private mode or a full quota: the server copy is still the real one.
    }
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    const delay = RETRY_MS[Math.min(retries, RETRY_MS.length - 1)];
    retries += 1;
    retryTimer = setTimeout(() => htmx.trigger(form, "save-now"), delay);
  }

  // Offer back text that an earlier visit typed but never managed to save.
  function offerRestore() {
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return;
    }
    if (!saved) return;
    const differs = Object.entries(saved).some(
      ([name, value]) => name !== "version" && form.elements[name] && fieldValue(name) !== value,
    );
    if (!differs) return;
    const bar = document.createElement("div");
    bar.className = "form-errors restore";
    bar.innerHTML =
      '<p>This browser kept text you typed here that was not saved.</p><button type="button" class="small">Restore it</button>';
    bar.querySelector("button").addEventListener("click", () => {
      for (const [name, value] of Object.entries(saved)) {
        const field = form.elements[name];
        if (!field || name === "version") continue;
        if (field instanceof RadioNodeList) field.value = value;
        else if (field.type === "checkbox") field.checked = value === "on";
        else field.value = value;
      }
      bar.remove();
      keepCopy();
      htmx.trigger(form, "save-now");
    });
    form.prepend(bar);
  }

  function fieldValue(name) {
    const field = form.elements[name];
    if (field.type === "checkbox") return field.checked ? "on" : undefined;
    return field.value;
  }

  let edits = 0;
  let editsAtSend = 0;
  form.addEventListener("input", () => {
    edits += 1;
    keepCopy();
  });
  offerRestore();

  form.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt !== form) return;
    if (stateBox()?.dataset.state === "conflict") {
      // A conflict waits for the runner's choice; typing must not overwrite the other copy.
      event.preventDefault();
      return;
    }
    editsAtSend = edits;
    show("saving", "Saving…");
  });

  form.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt !== form) return;
    const status = event.detail.xhr?.status;
    if (event.detail.successful && status === 200) {
      retries = 0;
      // Only forget the copy if nothing was typed while this save was on its way.
      if (edits === editsAtSend) localStorage.removeItem(storageKey);
    }
  });

  form.addEventListener("htmx:sendError", () => {
    show("retrying", "Not saved — retrying");
    scheduleRetry();
  });

  form.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    if (status === 401 || status === 403) {
      const login = `${document.body.dataset.loginUrl}?next=${encodeURIComponent(location.pathname)}`;
      show(
        "logged-out",
        `Not saved — <a href="${login}" target="_blank" rel="noopener">log in again</a>; your text stays here.`,
      );
    } else {
      show("retrying", "Not saved — retrying");
      scheduleRetry();
    }
  });

  // Back from logging in in another tab: try again straight away.
  window.addEventListener("focus", () => {
    if (stateBox()?.dataset.state === "logged-out") htmx.trigger(form, "save-now");
  });

  // "Keep what I typed" after a conflict: save again on top of the version saved elsewhere.
  document.addEventListener("click", (event) => {
    const keep = event.target.closest("[data-keep-version]");
    if (!keep) return;
    event.preventDefault();
    form.querySelector("input[name=version]").value = keep.dataset.keepVersion;
    stateBox().dataset.state = "saving";
    htmx.trigger(form, "save-now");
  });

  // Submitting while an autosave is still on its way would race it; wait for it to land.
  form.addEventListener("submit", (event) => {
    if (form.classList.contains("htmx-request")) {
      event.preventDefault();
      const submitter = event.submitter;
      form.addEventListener("htmx:afterRequest", () => form.requestSubmit(submitter), {
        once: true,
      });
    }
  });
})();
