// Small progressive enhancements; every page works without this file.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// Suggest the device's time zone on a fresh sign-up form, when it is one we know.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector("input[data-detect-time-zone]");
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const known = field && field.list && [...field.list.options].some((option) => option.value === zone);
  if (known) {
    field.value = zone;
  }
});

// Site-wide htmx behaviour.
(() => {
  function csrfFromCookie() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  // Logging in again (in another tab) rotates the CSRF token; always send the current one.
  document.addEventListener("htmx:configRequest", (event) => {
    const token = csrfFromCookie();
    if (token) event.detail.headers["X-CSRFToken"] = token;
  });

  // Conflicts and validation errors come back as 409 / 422 with a fragment to show.
  document.addEventListener("htmx:beforeSwap", (event) => {
    if ([409, 422].includes(event.detail.xhr.status)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
