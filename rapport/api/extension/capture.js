// Reads the page the user clicked Rapport's button on, and returns what the new-contact
// form can use: name, role, organization, location, the page's address, and where it was
// found. One file for the bookmarklet and the browser extension. It reads this page only,
// only when called, and sends nothing anywhere: the caller opens the user's own Rapport.
function rapportCapture() {
  const clean = (value) => String(value || "").replace(/\s+/g, " ").trim();
  const textOf = (selector) => {
    const node = document.querySelector(selector);
    return node ? clean(node.textContent) : "";
  };
  const meta = (name) => {
    const node = document.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
    return node ? clean(node.getAttribute("content")) : "";
  };
  // A person described for search engines (schema.org Person), as staff pages often do.
  const described = () => {
    const nodes = document.querySelectorAll('script[type="application/ld+json"]');
    for (const node of nodes) {
      let data;
      try {
        data = JSON.parse(node.textContent);
      } catch (error) {
        continue;
      }
      const items = [].concat(data["@graph"] || data);
      const person = items.find((item) => item && item["@type"] === "Person");
      if (person) {
        const works = [].concat(person.worksFor || [])[0] || {};
        const address = person.address || {};
        return {
          name: clean(person.name),
          role: clean(person.jobTitle),
          organization: clean(works.name || works),
          location: clean(address.addressLocality || (typeof address === "string" ? address : "")),
        };
      }
    }
    return {};
  };
  const canonical = document.querySelector('link[rel="canonical"]');
  const address = ((canonical && canonical.href) || location.href).split("#")[0].split("?")[0];
  const onLinkedIn = /(^|\.)linkedin\.com$/i.test(new URL(address).hostname);
  const person = described();
  const title = meta("og:title") || clean(document.title);
  // A profile's title reads "Name - Headline - Organization | Site".
  const parts = title.replace(/\s*\|[^|]*$/, "").split(/\s+[-\u2013\u2014]\s+/);
  const found = {
    name: person.name || textOf("h1") || parts[0],
    role: person.role || (parts.length > 1 ? parts[1] : "") || textOf(".text-body-medium"),
    organization: person.organization || (parts.length > 2 ? parts[2] : ""),
    location: person.location || "",
    profile_url: address,
    source: onLinkedIn ? "linkedin" : "other",
  };
  return Object.fromEntries(Object.entries(found).filter(([, value]) => value));
}
