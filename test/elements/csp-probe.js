// Loaded first by csp-page.html: records every Content-Security-Policy violation of the page.
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective}: ${e.blockedURI || e.sample}`));
