// The hosted checkout page of the demo needs no script to pay: the form posts to the merchant's server, which
// creates the Checkout Session and redirects. This only explains a canceled checkout.
if (new URLSearchParams(location.search).has('canceled')) document.getElementById('canceled').hidden = false;
