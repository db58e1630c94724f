// Rapport's "save this person" button. Nothing runs until the button is clicked; then the
// clicked tab alone is read (activeTab) and the user's own Rapport opens its new-contact
// form, filled in, to check and save.
importScripts("capture.js");

const DEFAULT_ADDRESS = "http://127.0.0.1:8000";

async function rapportAddress() {
  const { address } = await chrome.storage.sync.get({ address: DEFAULT_ADDRESS });
  return address.replace(/\/+$/, "");
}

async function saveFromTab(tab) {
  const [{ result }] = await chrome.scripting.executeScript({
    target: { tabId: tab.id },
    func: rapportCapture,
  });
  const form = `${await rapportAddress()}/contacts/new/?${new URLSearchParams(result || {})}`;
  await chrome.tabs.create({ url: form, index: tab.index + 1 });
}

chrome.action.onClicked.addListener((tab) => {
  saveFromTab(tab).catch((error) => console.error("Rapport could not read this page:", error));
});
