//! Names: subdomains, email addresses and display names, parsed once.
