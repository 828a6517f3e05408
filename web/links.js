// links: share= and scenario= URL parameters (helper's work).
