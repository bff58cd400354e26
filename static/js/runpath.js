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
