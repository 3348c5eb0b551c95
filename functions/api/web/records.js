// The DNS records as IT needs them: a BIND zone fragment, CSV, and text for an email.

const fqdn = (name) => (name.endsWith(".") ? name : `${name}.`);

/** TXT data as BIND wants it: quoted strings of at most 255 characters. */
function txtData(value) {
  const raw = value.replace(/^"|"$/g, "");
  const chunks = raw.match(/.{1,255}/g) || [""];
  return chunks.map((chunk) => `"${chunk.replace(/(["\\])/g, "\\$1")}"`).join(" ");
}

export function recordData(record) {
  switch (record.type) {
    case "MX": return `${record.priority ?? 10} ${fqdn(record.value)}`;
    case "TXT": return txtData(record.value);
    default: return fqdn(record.value);
  }
}

export function bindZone(domainName, records) {
  const lines = [
    `; DNS records for sending email from ${domainName} through Amazon SES.`,
    "; Paste into the zone of the parent domain (names are fully qualified).",
  ];
  for (const record of records) {
    const note = record.required ? "" : " ; recommended";
    lines.push(`${fqdn(record.name)}\t3600\tIN\t${record.type}\t${recordData(record)}${note}`);
  }
  return `${lines.join("\n")}\n`;
}

function csvCell(value) {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csv(records) {
  const rows = [["type", "name", "value", "priority", "purpose", "required"]];
  for (const r of records) rows.push([r.type, r.name, r.value, r.priority, r.purpose, r.required]);
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

const PURPOSE = {
  dkim: "DKIM signature (CNAME)",
  mail_from_mx: "Custom MAIL FROM (MX)",
  mail_from_spf: "SPF for the MAIL FROM domain (TXT)",
  dmarc: "DMARC policy (TXT, recommended)",
};
export const purposeLabel = (purpose) => PURPOSE[purpose] || purpose;

/** One record per block, for pasting into a message to the IT team. */
export function plainText(domainName, records) {
  const blocks = records.map((r, i) => [
    `${i + 1}. ${purposeLabel(r.purpose)}${r.required ? "" : " (recommended)"}`,
    `   Type:  ${r.type}`,
    `   Name:  ${r.name}`,
    `   Value: ${r.value}`,
    r.priority !== undefined && r.priority !== null ? `   Priority: ${r.priority}` : null,
  ].filter(Boolean).join("\n"));
  return [
    `Hello,`,
    ``,
    `please publish these DNS records so that we can send email from ${domainName}.`,
    `They let Amazon SES sign our mail (DKIM) and handle bounces (MAIL FROM).`,
    ``,
    blocks.join("\n\n"),
    ``,
    `Once they are published, we will see it within minutes. Thank you!`,
  ].join("\n");
}

export function mailto(domainName, records) {
  const subject = `DNS records to publish for ${domainName}`;
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(plainText(domainName, records))}`;
}
