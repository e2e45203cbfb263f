// Address selects of the sign-up and profile pages (accounts/includes/profile_fields.html):
// a change of the province or the district becomes a "units-changed" event, on which htmx
// reloads the district and commune lists. An hx-trigger filter would do the same, but htmx
// runs filters as code (eval), which the Content Security Policy forbids.
document.addEventListener("change", (event) => {
  if (event.target.matches("#id_province, #id_district")) {
    event.target.dispatchEvent(new CustomEvent("units-changed", { bubbles: true }));
  }
});
