// Rapport's "save this person" button. Nothing runs until the button is clicked; then the
// clicked tab alone is read (activeTab). With a token set in the options, Rapport is asked
// whether the person is already in the network, and their page opens; otherwise the
// new-contact form opens, filled in, to check and save.
importScripts("capture.js");

const DEFAULTS = { address: "http://127.0.0.1:8000", token: "" };

async function settings() {
  const saved = await chrome.storage.local.get(DEFAULTS);
  return { address: saved.address.replace(/\/+$/, ""), token: saved.token.trim() };
}

// The contact this person already is, by the same profile address; null when unknown, and
// when no token is set or Rapport cannot be asked (then the form says who may be known).
async function alreadyKnown({ address, token }, found) {
  if (!token) {
    return null;
  }
  const query = new URLSearchParams({ name: found.name || "", profile_url: found.profile_url || "" });
  try {
    const response = await fetch(`${address}/api/v1/contacts/known?${query}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return response.ok ? (await response.json()).same_profile : null;
  } catch (error) {
    return null;
  }
}

async function saveFromTab(tab) {
  const [{ result }] = await chrome.scripting.executeScript({
    target: { tabId: tab.id },
    func: rapportCapture,
  });
  const found = result || {};
  const rapport = await settings();
  const known = await alreadyKnown(rapport, found);
  const url = known
    ? `${rapport.address}/contacts/${known}/`
    : `${rapport.address}/contacts/new/?${new URLSearchParams(found)}`;
  await chrome.tabs.create({ url, index: tab.index + 1 });
}

chrome.action.onClicked.addListener((tab) => {
  saveFromTab(tab).catch((error) => console.error("Rapport could not read this page:", error));
});
