"""How to reach the person after release: a mobile number (personal data) and their consent to
text reminders, recorded on the case by prison staff or the CJIT."""
