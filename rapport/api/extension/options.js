const form = document.getElementById("options");
const address = document.getElementById("address");
const token = document.getElementById("token");
const status = document.getElementById("status");

chrome.storage.local.get({ address: "http://127.0.0.1:8000", token: "" }).then((saved) => {
  address.value = saved.address;
  token.value = saved.token;
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const settings = { address: address.value.trim().replace(/\/+$/, ""), token: token.value.trim() };
  // With a token the button asks Rapport, at this address only, whether someone is known.
  if (settings.token) {
    const origin = `${new URL(settings.address).origin}/*`;
    if (!(await chrome.permissions.request({ origins: [origin] }))) {
      status.textContent = "Not saved: the extension needs leave to reach your Rapport.";
      return;
    }
  }
  await chrome.storage.local.set(settings);
  status.textContent = "Saved.";
});
