const field = document.getElementById("address");
chrome.storage.sync.get({ address: "http://127.0.0.1:8000" }).then(({ address }) => {
  field.value = address;
});
document.getElementById("options").addEventListener("submit", async (event) => {
  event.preventDefault();
  await chrome.storage.sync.set({ address: field.value.trim() });
  document.getElementById("status").textContent = "Saved.";
});
